namespace RpcLab.Measurement.Results;

/// <summary>
/// One BenchmarkDotNet case: its category, benchmark method, transport and other parameters
/// (<c>Ints=1000;Workers=2</c>), and its statistics per operation in nanoseconds, with the bytes allocated
/// per operation (client and server together: they share the benchmark's process). A case that produced
/// no result has no numbers and says why in <see cref="Note"/>. One row of micro.csv. Immutable.
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
    string Note)
{
    /// <summary>The value of parameter <paramref name="name"/>, or null.</summary>
    public string? Parameter(string name) =>
        Parameters.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2 && p[0] == name)
            .Select(p => p[1])
            .FirstOrDefault();
}
