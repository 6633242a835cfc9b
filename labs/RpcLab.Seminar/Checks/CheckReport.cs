using System.Globalization;
using System.Text;

namespace RpcLab.Seminar.Checks;

/// <summary>The check report (<c>labNN-check.md</c>) handed in with a lab: who, when, the command, each check as a table row, and the summary line.</summary>
public static class CheckReport
{
    public static string FileName(LabFrontMatter lab) => $"{lab.FilePrefix}-check.md";

    public static string Render(CheckRun run)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.Append(inv, $"# Lab {run.Lab?.Number}: {run.Lab?.Title} - check\n\n");
        md.Append(inv, $"Student: {run.Student}. Checked on {run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, on {Environment.MachineName}, with the {run.Suite} checks over {run.Transport}.\n\n");
        md.Append("Command: `").Append(run.Command).Append("`\n\n");
        md.Append("| check | result | reason | sent | received |\n|---|---|---|---|---|\n");
        foreach (var result in run.Results)
        {
            md.Append(inv, $"| {Cell(result.Name)} | {(result.Outcome.Passed ? "PASS" : "FAIL")} | {Cell(result.Outcome.Reason)} | {Cell(result.Outcome.Sent)} | {Cell(result.Outcome.Received)} |\n");
        }

        md.Append("\n**").Append(run.Summary).Append("**\n");
        return md.ToString();
    }

    // A table cell is one line, and a | inside it would start the next cell.
    private static string Cell(string? text) => (text ?? string.Empty).ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
}
