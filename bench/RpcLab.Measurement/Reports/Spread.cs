namespace RpcLab.Measurement.Reports;

/// <summary>
/// A figure measured in several rounds: the median of the rounds, their lowest and highest, and how many there
/// were. The report shows the median with the range beside it, so a reader sees how far one run can be trusted.
/// Immutable.
/// </summary>
public sealed record Spread(double Median, double Min, double Max, int Rounds)
{
    /// <summary>The spread of <paramref name="values"/> (one per round); null when there are none.</summary>
    public static Spread? Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1], sorted.Count);
    }

    /// <summary>"1,234 (1,100-1,300)" with the range; just the median when there was one round.</summary>
    public string Format(Func<double, string> figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        return Rounds > 1 ? $"{figure(Median)} ({figure(Min)}-{figure(Max)})" : figure(Median);
    }

    /// <summary>How many of the rounds' values meet <paramref name="aim"/>.</summary>
    public static int Met(IEnumerable<double> values, Func<double, bool> aim) => values.Count(aim);
}
