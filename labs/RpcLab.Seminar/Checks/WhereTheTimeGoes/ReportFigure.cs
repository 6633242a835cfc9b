using System.Globalization;
using RpcLab.Measurement.Results;

namespace RpcLab.Seminar.Checks.WhereTheTimeGoes;

/// <summary>
/// A measured figure written in a student's report.md: a number with a unit of the results (latency: ns, us, µs, ms;
/// throughput: req/s, rps, calls/s), as written, on its line. It is found in a CSV when some value of its kind, in its
/// unit, rounds to it at the precision written (212.3 us is "212 us", "0.21 ms" and "0.2 ms"). Immutable.
/// </summary>
public sealed record ReportFigure(int Line, string Text, double Value, int Decimals, double UnitInMicrosecondsOrRps, bool IsLatency)
{
    /// <summary>Whether <paramref name="row"/> holds a value that, in this figure's unit, rounds to it.</summary>
    public bool IsIn(LoadRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        double[] candidates = IsLatency
            ? [row.P50Us, row.P90Us, row.P99Us, row.P999Us, row.MaxUs, row.MeanUs]
            : [row.ThroughputRps, row.TargetRps];
        var tolerance = (0.5 * Math.Pow(10, -Decimals)) + 1e-9;
        return candidates.Any(c => !double.IsNaN(c) && Math.Abs((c / UnitInMicrosecondsOrRps) - Value) <= tolerance);
    }

    /// <summary>"line 12: 35,000 req/s".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"line {Line}: {Text}");
}
