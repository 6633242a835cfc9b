using System.Text;
using System.Text.RegularExpressions;

namespace RpcLab.Seminar;

/// <summary>
/// A lab sheet: YAML front matter (<see cref="LabFrontMatter"/>), then Markdown with a "# Title" and "## Section" headings (Goal, Concepts, Pipeline, Steps,
/// Expected output, Task, Deliverable). A line <c>&lt;!-- quote: rpclab/echo.proto --&gt;</c> is replaced, when
/// the sheet is loaded, by that file from the protos folder, so the sheet always shows the contract as it
/// is. Immutable once loaded.
/// </summary>
public sealed partial class LabSheet
{
    private readonly List<(string Heading, string Body)> _sections;

    private LabSheet(LabFrontMatter lab, string title, List<(string Heading, string Body)> sections)
    {
        Lab = lab;
        Title = title;
        _sections = sections;
    }

    /// <summary>The sheet's front matter: number, title, transports, checks.</summary>
    public LabFrontMatter Lab { get; }

    /// <summary>The sheet's "# ..." heading, as students read it (<c>Lab 1: Your first RPC</c>).</summary>
    public string Title { get; }

    public IEnumerable<string> Headings => _sections.Select(s => s.Heading);

    /// <summary>The first sentence of the Goal, for the <c>rpclab labs</c> table.</summary>
    public string Summary
    {
        get
        {
            var goal = Section("Goal").Trim().ReplaceLineEndings(" ");
            var end = goal.IndexOf(". ", StringComparison.Ordinal);
            return end < 0 ? goal : goal[..(end + 1)];
        }
    }

    public LabScript Script => LabScript.Parse(Section("Expected output"));

    /// <summary>A section's body without its heading; a <see cref="FormatException"/> if the sheet has no such section.</summary>
    public string Section(string heading) =>
        _sections.FirstOrDefault(s => string.Equals(s.Heading, heading, StringComparison.OrdinalIgnoreCase)).Body
        ?? throw new FormatException($"the sheet '{Title}' has no '## {heading}' section");

    public bool HasSection(string heading) => _sections.Any(s => string.Equals(s.Heading, heading, StringComparison.OrdinalIgnoreCase));

    public static LabSheet Load(string path, string protoRoot)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"lab sheet not found: {path} (rebuild rpclab: the sheets are copied next to it)", path);
        }

        try
        {
            return Parse(File.ReadAllText(path), protoRoot);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{Path.GetFileName(path)}: {e.Message}", e);
        }
    }

    public static LabSheet Parse(string markdown, string protoRoot)
    {
        var (lab, rest) = LabFrontMatter.Split(markdown);
        var title = string.Empty;
        var sections = new List<(string, string)>();
        string? heading = null;
        var body = new StringBuilder();
        var inCode = false;
        foreach (var line in rest.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
            }

            if (!inCode && line.StartsWith("# ", StringComparison.Ordinal) && title.Length == 0)
            {
                title = line[2..].Trim();
            }
            else if (!inCode && line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (heading is not null)
                {
                    sections.Add((heading, body.ToString().Trim('\n')));
                }

                heading = line[3..].Trim();
                body.Clear();
            }
            else if (!inCode && QuoteDirective().Match(line) is { Success: true } quote)
            {
                body.Append(Quote(protoRoot, quote.Groups["path"].Value));
            }
            else if (heading is not null)
            {
                body.Append(line).Append('\n');
            }
        }

        if (heading is not null)
        {
            sections.Add((heading, body.ToString().Trim('\n')));
        }

        return new LabSheet(lab, title, sections);
    }

    private static string Quote(string protoRoot, string relativePath)
    {
        var path = Path.GetFullPath(Path.Combine(protoRoot, relativePath));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the sheet quotes protos/{relativePath}, which is not at {path} (rebuild rpclab: the protos are copied next to it)", path);
        }

        var language = Path.GetExtension(path).TrimStart('.');
        return $"```{language}\n// protos/{relativePath}\n{File.ReadAllText(path).ReplaceLineEndings("\n").TrimEnd('\n')}\n```\n";
    }

    [GeneratedRegex(@"^\s*<!--\s*quote:\s*(?<path>\S+)\s*-->\s*$")]
    private static partial Regex QuoteDirective();
}
