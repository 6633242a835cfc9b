using System.Globalization;
using System.Text;

namespace RpcLab.Measurement.Results;

/// <summary>
/// The little CSV the results use (RFC 4180: a comma between fields, a field with a comma, quote or line
/// break in double quotes, quotes doubled), numbers in the invariant culture so a file reads the same on
/// every machine. Stateless and thread-safe.
/// </summary>
public static class Csv
{
    public static string Line(IEnumerable<string> fields) => string.Join(',', fields.Select(Quote));

    /// <summary>A whole file: the header, then one record per row, each line ending in a line feed.</summary>
    public static string Document<TRow>(IEnumerable<string> columns, IEnumerable<TRow> rows, Func<TRow, IEnumerable<string>> fields) =>
        string.Concat(new[] { Line(columns) }.Concat(rows.Select(r => Line(fields(r)))).Select(line => line + "\n"));

    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>A number as the results write it: round-trippable, invariant, no exponent for ordinary values.</summary>
    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads every record of <paramref name="text"/>; the first is the header. Throws FormatException on an unclosed quote.</summary>
    public static List<string[]> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    any = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (any || field.Length > 0)
                    {
                        fields.Add(field.ToString());
                        records.Add([.. fields]);
                    }

                    fields.Clear();
                    field.Clear();
                    any = false;
                    break;
                default:
                    field.Append(c);
                    any = true;
                    break;
            }
        }

        if (quoted)
        {
            throw new FormatException("the CSV ends inside a quoted field");
        }

        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }

        return records;
    }

    /// <summary>The records of <paramref name="text"/> as maps from the header's names, checking that <paramref name="required"/> columns are there.</summary>
    public static List<CsvRecord> ParseWithHeader(string text, string source, IReadOnlyCollection<string> required)
    {
        var records = Parse(text);
        if (records.Count == 0)
        {
            throw new FormatException($"{source}: empty, no header");
        }

        var header = records[0];
        var missing = required.Where(name => !header.Contains(name, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"{source}: the header lacks {string.Join(", ", missing)}");
        }

        var index = header.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var result = new List<CsvRecord>(records.Count - 1);
        for (var r = 1; r < records.Count; r++)
        {
            if (records[r].Length != header.Length)
            {
                throw new FormatException($"{source}, record {r + 1}: {records[r].Length} fields, the header has {header.Length}");
            }

            result.Add(new CsvRecord(source, r + 1, index, records[r]));
        }

        return result;
    }
}
