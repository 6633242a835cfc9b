using RpcLab.Measurement.Results;

namespace RpcLab.Measurement.Reports;

/// <summary>
/// The load sweep's rows by round: one row per server, mode and concurrency with each figure the median of its
/// rounds (what the report's tables show), the spread of a figure across rounds, and a ratio between two
/// servers taken within each round (both loaded back to back) rather than between medians. Stateless and thread-safe.
/// </summary>
public static class LoadRounds
{
    /// <summary>The rounds the rows come from, in order.</summary>
    public static IReadOnlyList<int> Of(IEnumerable<LoadRow> rows) => [.. rows.Select(r => r.Round).Distinct().Order()];

    /// <summary>One row per server, mode, concurrency and target rate, in first-seen order, each figure the median of the rounds; <see cref="LoadRow.Round"/> is how many rounds there were.</summary>
    public static IReadOnlyList<LoadRow> Medians(IEnumerable<LoadRow> rows) =>
        [.. rows.GroupBy(Key).Select(group =>
        {
            var all = group.ToList();
            double Median(Func<LoadRow, double> value) => Spread.Of(all.Select(value))!.Median;
            return all[0] with
            {
                DurationSeconds = Median(r => r.DurationSeconds),
                Requests = (long)Median(r => r.Requests),
                Errors = all.Sum(r => r.Errors),
                ThroughputRps = Median(r => r.ThroughputRps),
                P50Us = Median(r => r.P50Us),
                P90Us = Median(r => r.P90Us),
                P99Us = Median(r => r.P99Us),
                P999Us = Median(r => r.P999Us),
                MaxUs = all.Max(r => r.MaxUs),
                FirstError = all.Select(r => r.FirstError).FirstOrDefault(e => e.Length > 0) ?? "",
                Round = all.Count,
            };
        })];

    /// <summary>The spread across rounds of <paramref name="value"/> for the rows like <paramref name="median"/> (same server, mode, concurrency and rate).</summary>
    public static Spread? SpreadOf(IEnumerable<LoadRow> rows, LoadRow median, Func<LoadRow, double> value)
    {
        ArgumentNullException.ThrowIfNull(median);
        return Spread.Of(rows.Where(r => Key(r) == Key(median)).Select(value));
    }

    /// <summary>
    /// <paramref name="figure"/> computed from each round's rows alone (null: that round lacks what it needs), one
    /// value per round that has it: so a ratio of two servers compares runs made minutes, not rounds, apart.
    /// </summary>
    public static IReadOnlyList<double> PerRound(IReadOnlyList<LoadRow> rows, Func<IReadOnlyList<LoadRow>, double?> figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        return [.. Of(rows).Select(round => figure([.. rows.Where(r => r.Round == round)])).Where(v => v is not null).Select(v => v!.Value)];
    }

    private static (string, string, string, int, double) Key(LoadRow r) => (r.Transport, r.Server, r.Mode, r.Concurrency, r.TargetRps);
}
