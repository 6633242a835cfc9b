using System.Globalization;

namespace RpcLab.Measurement.Results;

/// <summary>One record of a results CSV, read by column name; a field that does not parse is a FormatException naming the file, record and column. Immutable.</summary>
public sealed class CsvRecord(string source, int number, IReadOnlyDictionary<string, int> columns, string[] fields)
{
    public string Text(string column) => fields[columns[column]];

    /// <summary>The field, or null when the column is absent (an older file) or empty.</summary>
    public string? OptionalText(string column) =>
        columns.TryGetValue(column, out var i) && fields[i].Length > 0 ? fields[i] : null;

    public long Long(string column) =>
        long.TryParse(Text(column), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : throw Bad(column, "a whole number");

    public double Double(string column) =>
        double.TryParse(Text(column), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw Bad(column, "a number");

    /// <summary>Null when empty or absent.</summary>
    public double? OptionalDouble(string column) =>
        OptionalText(column) is { } text
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw Bad(column, "a number or empty")
            : null;

    private FormatException Bad(string column, string expected) =>
        new($"{source}, record {number}: column {column} must be {expected}, got '{Text(column)}'");
}
