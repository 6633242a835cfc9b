using System.CommandLine;
using RpcLab.Composition;
using RpcLab.Seminar;
using Spectre.Console;

namespace RpcLab.Cli.Commands;

/// <summary>
/// <c>rpclab lab N</c>: runs a lab end to end against real servers (see <see cref="LabRunner"/>), over one of the
/// transports its sheet lists. Exit code 0 when every step matches the sheet's Expected output, 1 otherwise.
/// </summary>
public static class LabCommand
{
    public static Command Create()
    {
        var number = LabNumber.Create();
        var output = new Option<string?>("--out") { Description = "Write the transcripts (one file per terminal, the results) and, once, your answers file to this folder." };
        var transport = new Option<string?>("--transport", "-t") { Description = "Run the lab over another of the transports its sheet lists (see: rpclab labs)." };
        var student = StudentOption.Create();

        var command = new Command("lab", "Run a lab: its goal and concepts, real servers and clients side by side, the expected output, the task.");
        command.Arguments.Add(number);
        command.Options.Add(output);
        command.Options.Add(transport);
        command.Options.Add(student);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (await LabNumber.FindAsync(parseResult.GetValue(number), error).ConfigureAwait(false) is not { } sheet)
            {
                return ExitCodes.Failed;
            }

            var lab = sheet.Lab;
            var chosen = parseResult.GetValue(transport) ?? lab.DefaultTransport;
            if (lab.Transports.FirstOrDefault(t => string.Equals(t, chosen, StringComparison.OrdinalIgnoreCase)) is not { } over)
            {
                await error.WriteLineAsync($"error: lab {lab.Number} runs over {string.Join(", ", lab.Transports)}; not {chosen}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            var console = Ui.Create(parseResult.InvocationConfiguration.Output);
            try
            {
                var run = await new LabRunner(console, InProcessCommandLine.Instance).RunAsync(sheet, over, parseResult.GetValue(student)!, cancellationToken).ConfigureAwait(false);
                if (parseResult.GetValue(output) is { } folder)
                {
                    console.WriteLine();
                    foreach (var line in await TranscriptWriter.WriteAsync(run, folder, cancellationToken).ConfigureAwait(false))
                    {
                        console.WriteLine(line);
                    }
                }

                return run.Passed ? ExitCodes.Ok : ExitCodes.Failed;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync("lab interrupted; the servers were stopped").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or IOException)
            {
                await error.WriteLineAsync($"error: lab {lab.Number} could not run: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
        });
        return command;
    }
}
