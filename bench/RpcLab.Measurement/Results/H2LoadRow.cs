namespace RpcLab.Measurement.Results;

/// <summary>
/// One side of the load generator's check against h2load: a tool (h2load, or rpclab's own load generator)
/// loading the same gRPC server with the same connections and streams per connection: its best of
/// <see cref="Rounds"/> rounds taken in turn with the other tool, and the CPU time the tool itself spent per
/// call in that round (null when not measured: an older file, or a system that does not say). One row of
/// h2load.csv. Immutable.
/// </summary>
public sealed record H2LoadRow(
    string Tool,
    string Transport,
    string Server,
    int Connections,
    int Streams,
    double DurationSeconds,
    int Rounds,
    long Requests,
    long Errors,
    double ThroughputRps,
    double? CpuUsPerCall = null);
