using System.CommandLine;
using RpcLab.Composition;
using RpcLab.Seminar;
using Spectre.Console;

namespace RpcLab.Cli.Commands;

/// <summary><c>rpclab submit N --out DIR</c>: zips the deliverable folder and the workspace's sources (see <see cref="Submission"/>).</summary>
public static class SubmitCommand
{
    public static Command Create()
    {
        var number = LabNumber.Create();
        var output = new Option<string>("--out") { Description = "The deliverable folder (the one `rpclab lab N --out` wrote); the zip goes there too.", Required = true };
        var workspace = new Option<string?>("--workspace") { Description = "Your workspace folder: its sources go into the zip, without bin/, obj/ and .git/." };
        var student = StudentOption.Create();
        var command = new Command("submit", "Zip a lab's deliverable: the transcripts, your answers, the check report, your workspace's sources.");
        command.Arguments.Add(number);
        command.Options.Add(output);
        command.Options.Add(workspace);
        command.Options.Add(student);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (await LabNumber.FindAsync(parseResult.GetValue(number), error).ConfigureAwait(false) is not { } sheet)
            {
                return ExitCodes.Failed;
            }

            try
            {
                var (path, entries) = Submission.Create(sheet.Lab, parseResult.GetValue(output)!, parseResult.GetValue(workspace), parseResult.GetValue(student)!);
                var console = Ui.Create(parseResult.InvocationConfiguration.Output);
                foreach (var entry in entries)
                {
                    console.WriteLine("  " + entry);
                }

                if (!entries.Contains(Seminar.Checks.CheckReport.FileName(sheet.Lab)))
                {
                    console.WriteLine($"note: no {Seminar.Checks.CheckReport.FileName(sheet.Lab)}; run `rpclab check {sheet.Lab.Number} --server \"...\" --out {parseResult.GetValue(output)}` to add your check report");
                }

                console.WriteLine($"written: {path} ({entries.Count} files)");
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
        });
        return command;
    }
}
