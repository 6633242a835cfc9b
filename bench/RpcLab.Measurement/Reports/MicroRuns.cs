using RpcLab.Measurement.Results;

namespace RpcLab.Measurement.Reports;

/// <summary>
/// BenchmarkDotNet's measured iterations as the runs of a micro-benchmark figure, as the load sweep's rounds are of a
/// load figure: a figure that reads several cases (a speed-up, a share of the ceiling) is computed from the same
/// iteration of each, and the report shows the median of those values with their range. Stateless and thread-safe.
/// </summary>
public static class MicroRuns
{
    /// <summary>
    /// <paramref name="figure"/> once per iteration: it is given a function that reads a case's value in that
    /// iteration (null when the case is missing or has fewer iterations), and gives null when it lacks what it needs.
    /// </summary>
    public static IReadOnlyList<double> PerRun(IEnumerable<MicroRow> rows, Func<Func<MicroRow?, double?>, double?> figure)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(figure);
        var most = rows.Select(r => r.Runs.Count).DefaultIfEmpty(0).Max();
        var values = new List<double>();
        for (var i = 0; i < most; i++)
        {
            var run = i;
            if (figure(row => row is not null && run < row.Runs.Count ? row.Runs[run] : null) is { } value && !double.IsNaN(value))
            {
                values.Add(value);
            }
        }

        return values;
    }
}
