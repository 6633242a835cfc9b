namespace RpcLab.Measurement.Results;

/// <summary>
/// One BenchmarkDotNet case: its category, benchmark method, transport and other parameters
/// (<c>Ints=1000;Workers=2</c>), and its statistics per operation in nanoseconds, with the bytes allocated
/// per operation (client and server together: they share the benchmark's process). A case that produced
/// no result has no numbers and says why in <see cref="Note"/>. <see cref="IterationsNs"/> holds each measured
/// iteration's time per operation: BenchmarkDotNet's iterations are the runs the report takes medians and ranges of
/// (empty in results written before they were kept). One row of micro.csv. Immutable.
/// </summary>
public sealed record MicroRow(
    string Category,
    string Benchmark,
    string Transport,
    string Parameters,
    double? MeanNs,
    double? MedianNs,
    double? StdDevNs,
    double? AllocatedBytes,
    string Note,
    IReadOnlyList<double>? IterationsNs = null)
{
    /// <summary>Each measured iteration's nanoseconds per operation, in the order they ran; the mean alone when they were not kept.</summary>
    public IReadOnlyList<double> Runs => IterationsNs is { Count: > 0 } runs ? runs : MeanNs is { } mean ? [mean] : [];

    /// <summary>The value of parameter <paramref name="name"/>, or null.</summary>
    public string? Parameter(string name) =>
        Parameters.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2 && p[0] == name)
            .Select(p => p[1])
            .FirstOrDefault();
}
