using System.Text;

namespace RpcLab.Measurement.Reports;

/// <summary>A GitHub Markdown table, built row by row. Cells are escaped (a '|' would split them). Not thread-safe.</summary>
public sealed class MarkdownTable
{
    private readonly string[] _header;
    private readonly bool[] _numeric;
    private readonly List<string[]> _rows = [];

    /// <param name="columns">The headers; a header starting with '#' is right-aligned (a number column), the '#' dropped.</param>
    public MarkdownTable(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _numeric = [.. columns.Select(c => c.StartsWith('#'))];
        _header = [.. columns.Select(c => c.TrimStart('#'))];
    }

    public int Count => _rows.Count;

    public MarkdownTable Add(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _header.Length)
        {
            throw new ArgumentException($"{cells.Length} cells for {_header.Length} columns", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public void WriteTo(StringBuilder markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        markdown.Append("| ").AppendJoin(" | ", _header.Select(Escape)).Append(" |\n");
        markdown.Append('|').AppendJoin('|', _numeric.Select(n => n ? "---:" : "---")).Append("|\n");
        foreach (var row in _rows)
        {
            markdown.Append("| ").AppendJoin(" | ", row.Select(Escape)).Append(" |\n");
        }

        markdown.Append('\n');
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
