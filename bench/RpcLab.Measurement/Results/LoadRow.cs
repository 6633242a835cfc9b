namespace RpcLab.Measurement.Results;

/// <summary>
/// One load run: a target (transport and server) at one concurrency, its throughput, errors and latency
/// percentiles in microseconds, and the round of the sweep it belongs to (1 for a sweep of one round, and for
/// results written before rounds). One row of load.csv. Immutable.
/// </summary>
public sealed record LoadRow(
    string Transport,
    string Server,
    string Mode,
    int Concurrency,
    int Connections,
    double TargetRps,
    double DurationSeconds,
    long Requests,
    long Errors,
    double ThroughputRps,
    double P50Us,
    double P90Us,
    double P99Us,
    double P999Us,
    double MaxUs,
    string FirstError,
    int Round = 1)
{
    /// <summary>
    /// The mean latency in microseconds, which Little's law needs (callers = throughput x mean latency in a closed
    /// loop); NaN when read from a file written before the column existed.
    /// </summary>
    public double MeanUs { get; init; } = double.NaN;

    /// <summary>"grpc", or "grpc (grpc-js)" for a server that is not ours.</summary>
    public string Label => Load.LoadServers.Label(Transport, Server);
}
