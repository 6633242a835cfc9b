using System.Globalization;
using System.Text.RegularExpressions;

namespace RpcLab.Seminar.Checks.WhereTheTimeGoes;

/// <summary>
/// Finds the measured figures of a report.md (see <see cref="ReportFigure"/>): every number followed by a unit of the
/// results, and in a Markdown table every number in a column whose header names such a unit (<c>| p50 (us) |</c>).
/// Not figures: code (fenced blocks and <c>`spans`</c>: commands), and numbers without such a unit, so list
/// numbering, dates, ports, counts of runs or callers, settings in seconds, percentages and ratios are free to write.
/// "12,345", "1.5k" and "0.21" are read as written. Stateless, thread-safe.
/// </summary>
public static partial class ReportFigures
{
    public static IReadOnlyList<ReportFigure> Find(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var figures = new List<ReportFigure>();
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var inFence = false;
        IReadOnlyList<(double Scale, bool IsLatency)?>? tableUnits = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                continue;
            }

            var text = CodeSpan().Replace(line, " ");
            if (!text.TrimStart().StartsWith('|'))
            {
                tableUnits = null;
                figures.AddRange(InProse(text, i + 1));
                continue;
            }

            var cells = Cells(text);
            if (tableUnits is null)
            {
                // A table's first row is its header: the unit each column's numbers are in.
                tableUnits = [.. cells.Select(c => InProse(c, i + 1).Count == 0 && UnitInHeader().Match(c) is { Success: true } m ? Unit(m.Groups["unit"].Value) : ((double, bool)?)null)];
                continue;
            }

            if (cells.All(c => c.Trim().Trim(':').All(ch => ch == '-') && c.Contains('-', StringComparison.Ordinal)))
            {
                continue;
            }

            for (var c = 0; c < cells.Count; c++)
            {
                var inCell = InProse(cells[c], i + 1);
                if (inCell.Count > 0 || c >= tableUnits.Count || tableUnits[c] is not { } unit || BareNumber().Match(cells[c].Trim()) is not { Success: true } bare)
                {
                    figures.AddRange(inCell);
                    continue;
                }

                figures.Add(Figure(bare, cells[c].Trim(), unit, i + 1));
            }
        }

        return figures;
    }

    private static List<ReportFigure> InProse(string text, int line) =>
        [.. NumberWithUnit().Matches(text).Select(m => Figure(m, m.Value, Unit(m.Groups["unit"].Value), line))];

    private static ReportFigure Figure(Match match, string written, (double Scale, bool IsLatency) unit, int line)
    {
        var digits = match.Groups["n"].Value.Replace(",", string.Empty, StringComparison.Ordinal);
        var value = double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);
        var decimals = digits.Contains('.', StringComparison.Ordinal) ? digits.Length - digits.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
        var scale = unit.Scale * (match.Groups["k"].Success ? 1000 : 1);
        return new ReportFigure(line, written, value, decimals, scale, unit.IsLatency);
    }

    // The scale from the CSVs' units (microseconds, calls per second) to the written one, and whether it is a latency.
    private static (double Scale, bool IsLatency) Unit(string unit) => unit.ToLowerInvariant() switch
    {
        "ns" => (0.001, true),
        "us" or "µs" or "μs" => (1, true),
        "ms" => (1000, true),
        _ => (1, false),
    };

    private static List<string> Cells(string row)
    {
        var trimmed = row.Trim();
        trimmed = trimmed.StartsWith('|') ? trimmed[1..] : trimmed;
        trimmed = trimmed.EndsWith('|') ? trimmed[..^1] : trimmed;
        return [.. trimmed.Split('|')];
    }

    private const string Number = @"(?<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?<k>k)?";

    private const string Units = @"(?<unit>req/s|rps|calls/s|ns|us|µs|μs|ms)";

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    // Not inside a word or a longer number ("p99", "run-1", "1.2.3"): nothing of a number or word right before it.
    [GeneratedRegex(@"(?<![\w.,/-])" + Number + @"\s?" + Units + @"(?![\w/])", RegexOptions.IgnoreCase)]
    private static partial Regex NumberWithUnit();

    [GeneratedRegex(@"^" + Number + @"$")]
    private static partial Regex BareNumber();

    [GeneratedRegex(@"(?<![\w])" + Units + @"(?![\w/])", RegexOptions.IgnoreCase)]
    private static partial Regex UnitInHeader();
}
