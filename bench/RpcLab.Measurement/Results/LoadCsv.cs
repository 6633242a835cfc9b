namespace RpcLab.Measurement.Results;

/// <summary>
/// load.csv: one <see cref="LoadRow"/> per line. The columns come first, in its order
/// (<c>transport,concurrency,requests,errors,throughput_rps,p50_us,p90_us,p99_us,p999_us,max_us</c>), then
/// who served, the mode, connections, target rate, measured seconds, the first error, the round (a column
/// that older files lack: their rows are round 1) and the mean latency (older files lack it too: NaN). Thread-safe.
/// </summary>
public static class LoadCsv
{
    public static readonly string[] Columns =
    [
        "transport", "concurrency", "requests", "errors", "throughput_rps", "p50_us", "p90_us", "p99_us", "p999_us", "max_us",
        "server", "mode", "connections", "target_rps", "duration_s", "first_error",
    ];

    private const string RoundColumn = "round";

    /// <summary>Written after the round; a file without it still reads.</summary>
    public const string MeanColumn = "mean_us";

    public static string Write(IEnumerable<LoadRow> rows) =>
        Csv.Document([.. Columns, RoundColumn, MeanColumn], rows, r =>
        [
            r.Transport, Csv.Number(r.Concurrency), Csv.Number(r.Requests), Csv.Number(r.Errors), Csv.Number(r.ThroughputRps),
            Csv.Number(r.P50Us), Csv.Number(r.P90Us), Csv.Number(r.P99Us), Csv.Number(r.P999Us), Csv.Number(r.MaxUs),
            r.Server, r.Mode, Csv.Number(r.Connections), Csv.Number(r.TargetRps), Csv.Number(r.DurationSeconds), r.FirstError, Csv.Number(r.Round),
            Csv.Number(r.MeanUs),
        ]);

    public static List<LoadRow> Read(string text, string source) =>
        [.. Csv.ParseWithHeader(text, source, Columns).Select(r => new LoadRow(
            r.Text("transport"),
            r.Text("server"),
            r.Text("mode"),
            checked((int)r.Long("concurrency")),
            checked((int)r.Long("connections")),
            r.Double("target_rps"),
            r.Double("duration_s"),
            r.Long("requests"),
            r.Long("errors"),
            r.Double("throughput_rps"),
            r.Double("p50_us"),
            r.Double("p90_us"),
            r.Double("p99_us"),
            r.Double("p999_us"),
            r.Double("max_us"),
            r.Text("first_error"),
            r.OptionalText(RoundColumn) is null ? 1 : checked((int)r.Long(RoundColumn))) { MeanUs = r.OptionalDouble(MeanColumn) ?? double.NaN })];
}
