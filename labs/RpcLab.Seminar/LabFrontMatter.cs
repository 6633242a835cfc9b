using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace RpcLab.Seminar;

/// <summary>
/// What a sheet says about itself between the <c>---</c> lines at its top: its number, title, the transports it can
/// run over (the first is the one its commands use) and the check suite <c>rpclab check</c> runs (optional). The sheet
/// is the one place a lab is declared, so the runner, <c>labs</c>, <c>check</c> and <c>submit</c> read this and
/// nothing else. Immutable.
/// </summary>
public sealed record LabFrontMatter(int Number, string Title, IReadOnlyList<string> Transports, string? Checks)
{
    /// <summary>The transport the sheet's commands are written for.</summary>
    public string DefaultTransport => Transports[0];

    /// <summary>"lab01": the prefix of every file a lab writes (transcripts, answers, check report, submission).</summary>
    public string FilePrefix => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"lab{Number:00}");

    /// <summary>
    /// Splits <paramref name="markdown"/> into its front matter and the rest. A sheet without front matter, or with
    /// a missing or wrong field, is a <see cref="FormatException"/> naming the field: a lab that cannot say its
    /// number cannot be listed.
    /// </summary>
    public static (LabFrontMatter FrontMatter, string Body) Split(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
        {
            throw new FormatException("the sheet must start with front matter: a line '---', then number:, title:, transports: (and checks:), then '---'");
        }

        var end = Array.FindIndex(lines, 1, l => l.TrimEnd() == "---");
        if (end < 0)
        {
            throw new FormatException("the sheet's front matter has no closing '---' line");
        }

        return (Parse(string.Join('\n', lines[1..end])), string.Join('\n', lines[(end + 1)..]));
    }

    private static LabFrontMatter Parse(string yaml)
    {
        Fields? fields;
        try
        {
            fields = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build().Deserialize<Fields?>(yaml);
        }
        catch (YamlException e)
        {
            throw new FormatException($"the sheet's front matter is not valid: {e.Message} (line {e.Start.Line})", e);
        }

        if (fields is null || fields.Number is not > 0)
        {
            throw new FormatException("the sheet's front matter needs 'number:', a whole number from 1");
        }

        if (string.IsNullOrWhiteSpace(fields.Title))
        {
            throw new FormatException("the sheet's front matter needs 'title:'");
        }

        if (fields.Transports is not { Count: > 0 } || fields.Transports.Any(string.IsNullOrWhiteSpace))
        {
            throw new FormatException("the sheet's front matter needs 'transports:', a list such as [grpc, inproc] (the first is the default)");
        }

        return new LabFrontMatter(fields.Number.Value, fields.Title.Trim(), fields.Transports.Select(t => t.Trim()).ToList(), string.IsNullOrWhiteSpace(fields.Checks) ? null : fields.Checks.Trim());
    }

    /// <summary>The YAML as written; unknown keys are an error, so a misspelt <c>check:</c> does not silently mean "no checks".</summary>
    private sealed class Fields
    {
        public int? Number { get; set; }

        public string? Title { get; set; }

        public List<string>? Transports { get; set; }

        public string? Checks { get; set; }
    }
}
