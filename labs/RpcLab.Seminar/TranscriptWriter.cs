using System.Globalization;
using System.Text;

namespace RpcLab.Seminar;

/// <summary>
/// Writes a lab run into the student's deliverable folder: one Markdown file per terminal (<c>lab01-server.md</c>,
/// <c>lab01-client.md</c>: the commands as typed and what they printed), a summary with the results
/// (<c>lab01-transcript.md</c>), and, once, the answers file (<c>lab01-answers.md</c>) from the sheet's Task and
/// Deliverable. Every file names the student. See <see cref="DeliverableFile"/> for why an edited file is kept.
/// </summary>
public static class TranscriptWriter
{
    public static string FileName(LabFrontMatter lab) => $"{lab.FilePrefix}-transcript.md";

    public static string TerminalFileName(LabFrontMatter lab, string terminal) => $"{lab.FilePrefix}-{terminal}.md";

    public static string AnswersFileName(LabFrontMatter lab) => $"{lab.FilePrefix}-answers.md";

    /// <summary>Writes the files; returns one line per file saying where it went, or why it was kept.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(LabRun run, string directory, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(directory);
        var report = new List<string>();
        async Task Generated(string name, string content)
        {
            var path = Path.Combine(folder, name);
            report.Add(DeliverableFile.Describe(path, await DeliverableFile.WriteGeneratedAsync(path, content, cancellationToken).ConfigureAwait(false)));
        }

        await Generated(FileName(run.Lab), Render(run)).ConfigureAwait(false);
        foreach (var terminal in run.Script.Terminals)
        {
            await Generated(TerminalFileName(run.Lab, terminal), RenderTerminal(run, terminal)).ConfigureAwait(false);
        }

        var answers = Path.Combine(folder, AnswersFileName(run.Lab));
        report.Add(DeliverableFile.Describe(answers, await DeliverableFile.CreateOnceAsync(answers, RenderAnswers(run.Sheet, run.Student), cancellationToken).ConfigureAwait(false)));
        return report;
    }

    /// <summary>The summary: when, where, who, the result of each step, and which file holds which terminal.</summary>
    public static string Render(LabRun run)
    {
        var md = Header(run, "transcript");
        var inv = CultureInfo.InvariantCulture;
        md.Append(inv, $"Result: **{(run.Passed ? "PASS" : "FAIL")}**.\n\n");
        md.Append("To do it yourself, open one terminal per file below in the repository folder and type the commands shown after `$`");
        md.Append(run.Captures.Keys.Any(k => !k.Contains(' ', StringComparison.Ordinal)) ? "; where a command uses `$PORT` (or another `$NAME`), first type `PORT=` and the port your server printed.\n\n" : ".\n\n");
        md.Append("| terminal | file |\n|---|---|\n");
        foreach (var terminal in run.Script.Terminals)
        {
            md.Append(inv, $"| {terminal} | {TerminalFileName(run.Lab, terminal)} |\n");
        }

        md.Append("\n## Results\n\n| step | terminal | command | exit code | result |\n|---|---|---|---|---|\n");
        foreach (var server in run.Servers)
        {
            md.Append(inv, $"| server | {server.Command.Terminal} | `{server.Command.Text}` | | {(server.Passed ? "PASS" : "FAIL")} |\n");
        }

        for (var i = 0; i < run.Steps.Count; i++)
        {
            var step = run.Steps[i];
            md.Append(inv, $"| {i + 1} | {step.Step.Terminal} | `{step.Step.Text}` | {step.ExitCode} | {(step.Passed ? "PASS" : "FAIL")} |\n");
        }

        return md.ToString();
    }

    /// <summary>One terminal: its commands as typed and everything it showed, and for a server how its port came about.</summary>
    public static string RenderTerminal(LabRun run, string terminal)
    {
        var md = Header(run, $"{terminal} terminal");
        md.Append("```console\n");
        foreach (var line in run.Terminal(terminal))
        {
            md.Append(line).Append('\n');
        }

        md.Append("```\n");
        if (run.ServerIn(terminal) is { } server)
        {
            md.Append('\n').Append(server.PortNote).Append('\n');
        }

        return md.ToString();
    }

    /// <summary>The student's file: the Task and the Deliverable to answer, and room for the answers.</summary>
    public static string RenderAnswers(LabSheet sheet, string student)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.Append(inv, $"# Lab {sheet.Lab.Number}: {sheet.Lab.Title} - answers\n\nStudent: {student}\n\n");
        foreach (var heading in new[] { "Task", "Deliverable" }.Where(sheet.HasSection))
        {
            md.Append("## ").Append(heading).Append("\n\n").Append(sheet.Section(heading)).Append("\n\n");
        }

        md.Append("## Your answers to the task\n\n");
        md.Append("Answers: _write here the methods you added, the commands you ran and what they printed; rpclab creates this file once and never overwrites it._\n");
        return md.ToString();
    }

    private static StringBuilder Header(LabRun run, string what)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.Append(inv, $"# Lab {run.Lab.Number}: {run.Lab.Title} - {what}\n\n");
        md.Append(inv, $"Student: {run.Student}. Run with `rpclab lab {run.Lab.Number} --transport {run.Transport}` on {run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, on {Environment.MachineName}.\n\n");
        return md;
    }
}
