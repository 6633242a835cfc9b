using System.Globalization;
using System.Text;

namespace RpcLab.Seminar;

/// <summary>Writes a lab run as Markdown (labNN-transcript.md): both terminals as typed and seen, the results, and room for the student's answers.</summary>
public static class TranscriptWriter
{
    public static string FileName(ILab lab) => string.Create(CultureInfo.InvariantCulture, $"lab{lab.Number:00}-transcript.md");

    public static async Task<string> WriteAsync(LabRun run, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var path = Path.GetFullPath(Path.Combine(directory, FileName(run.Lab)));
        await File.WriteAllTextAsync(path, Render(run), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        return path;
    }

    public static string Render(LabRun run)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.Append(inv, $"# Lab {run.Lab.Number}: {run.Lab.Title} - transcript\n\n");
        md.Append(inv, $"Run with `rpclab lab {run.Lab.Number}` on {run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, transport {run.Transport}, on {Environment.MachineName}. Result: **{(run.Passed ? "PASS" : "FAIL")}**.\n\n");
        md.Append("To do it yourself, open two terminals in the repository folder and type the commands shown after `$`.\n\n");

        md.Append("## Server terminal\n\n");
        AppendBlock(md, run.ServerTerminal);
        md.Append(run.PortNote).Append("\n\n");

        md.Append("## Client terminal\n\n");
        AppendBlock(md, run.ClientTerminal);

        md.Append("## Results\n\n| step | command | exit code | result |\n|---|---|---|---|\n");
        md.Append(inv, $"| server | `{run.Script.Server.Text}` | | {(run.ServerPassed ? "PASS" : "FAIL")} |\n");
        for (var i = 0; i < run.Steps.Count; i++)
        {
            var step = run.Steps[i];
            md.Append(inv, $"| {i + 1} | `{step.Step.Text}` | {step.ExitCode} | {(step.Passed ? "PASS" : "FAIL")} |\n");
        }

        md.Append("\n## Task\n\n").Append(run.Sheet.Section("Task")).Append("\n\n");
        md.Append("## Your answers to the task\n\n");
        md.Append("Answers: _write here the methods you added (contract, service, .proto), the `rpclab call` commands you ran and what they printed._\n");
        return md.ToString();
    }

    private static void AppendBlock(StringBuilder md, IEnumerable<string> lines)
    {
        md.Append("```console\n");
        foreach (var line in lines)
        {
            md.Append(line).Append('\n');
        }

        md.Append("```\n\n");
    }
}
