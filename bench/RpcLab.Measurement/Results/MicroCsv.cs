namespace RpcLab.Measurement.Results;

/// <summary>micro.csv: one <see cref="MicroRow"/> per line, written by the benchmark program. Thread-safe.</summary>
public static class MicroCsv
{
    public static readonly string[] Columns =
        ["category", "benchmark", "transport", "parameters", "mean_ns", "median_ns", "stddev_ns", "allocated_bytes", "note"];

    /// <summary>Each measured iteration's nanoseconds per operation, separated by '|'; absent in older files.</summary>
    public const string IterationsColumn = "iterations_ns";

    public static string Write(IEnumerable<MicroRow> rows)
    {
        static string Optional(double? value) => value is { } v ? Csv.Number(v) : "";
        return Csv.Document(
            [.. Columns, IterationsColumn],
            rows,
            r => [r.Category, r.Benchmark, r.Transport, r.Parameters, Optional(r.MeanNs), Optional(r.MedianNs), Optional(r.StdDevNs), Optional(r.AllocatedBytes), r.Note, string.Join('|', (r.IterationsNs ?? []).Select(Csv.Number))]);
    }

    public static List<MicroRow> Read(string text, string source) =>
        [.. Csv.ParseWithHeader(text, source, Columns).Select(r => new MicroRow(
            r.Text("category"),
            r.Text("benchmark"),
            r.Text("transport"),
            r.Text("parameters"),
            r.OptionalDouble("mean_ns"),
            r.OptionalDouble("median_ns"),
            r.OptionalDouble("stddev_ns"),
            r.OptionalDouble("allocated_bytes"),
            r.Text("note"),
            Iterations(r, source)))];

    private static List<double>? Iterations(CsvRecord record, string source) =>
        record.OptionalText(IterationsColumn)?.Split('|').Select(text =>
            double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FormatException($"{source}: column {IterationsColumn} must be numbers separated by '|', got '{text}'")).ToList();
}
