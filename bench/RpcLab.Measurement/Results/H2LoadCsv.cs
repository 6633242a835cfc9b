namespace RpcLab.Measurement.Results;

/// <summary>h2load.csv: one <see cref="H2LoadRow"/> per line; the CPU column is optional (older files lack it). Thread-safe.</summary>
public static class H2LoadCsv
{
    public static readonly string[] Columns =
        ["tool", "transport", "server", "connections", "streams", "duration_s", "rounds", "requests", "errors", "throughput_rps"];

    private const string CpuColumn = "cpu_us_per_call";

    public static string Write(IEnumerable<H2LoadRow> rows) =>
        Csv.Document([.. Columns, CpuColumn], rows, r =>
        [
            r.Tool, r.Transport, r.Server, Csv.Number(r.Connections), Csv.Number(r.Streams), Csv.Number(r.DurationSeconds),
            Csv.Number(r.Rounds), Csv.Number(r.Requests), Csv.Number(r.Errors), Csv.Number(r.ThroughputRps),
            r.CpuUsPerCall is { } cpu ? Csv.Number(cpu) : "",
        ]);

    public static List<H2LoadRow> Read(string text, string source) =>
        [.. Csv.ParseWithHeader(text, source, Columns).Select(r => new H2LoadRow(
            r.Text("tool"),
            r.Text("transport"),
            r.Text("server"),
            checked((int)r.Long("connections")),
            checked((int)r.Long("streams")),
            r.Double("duration_s"),
            checked((int)r.Long("rounds")),
            r.Long("requests"),
            r.Long("errors"),
            r.Double("throughput_rps"),
            r.OptionalDouble(CpuColumn)))];
}
