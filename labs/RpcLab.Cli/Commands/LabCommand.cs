using System.CommandLine;
using RpcLab.Composition;
using RpcLab.Seminar;
using Spectre.Console;

namespace RpcLab.Cli.Commands;

/// <summary>
/// <c>rpclab lab N</c>: runs a lab end to end against a real server (see <see cref="LabRunner"/>).
/// Exit code 0 when every step matches the sheet's Expected output, 1 otherwise.
/// </summary>
public static class LabCommand
{
    public static Command Create()
    {
        var number = new Argument<int>("number")
        {
            Description = "The lab's number (see: rpclab labs).",
            CustomParser = WholeNumber.RequiredParser("the lab's number", 1, int.MaxValue, "a whole number like 1 (see: rpclab labs)"),
        };
        var output = new Option<string?>("--out") { Description = "Write the transcript (both terminals, the results, room for your answers) to this folder." };
        var transport = new Option<string?>("--transport", "-t") { Description = "Run the lab over another transport than its own." };
        transport.AcceptOnlyFromAmong([.. TransportRegistry.Names]);

        var command = new Command("lab", "Run a lab: its goal and concepts, a real server and client side by side, the expected output, the task.");
        command.Arguments.Add(number);
        command.Options.Add(output);
        command.Options.Add(transport);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var lab = LabRegistry.Find(parseResult.GetValue(number));
            if (lab is null)
            {
                await error.WriteLineAsync($"error: there is no lab {parseResult.GetValue(number)}; the labs are {string.Join(", ", LabRegistry.All.Select(l => l.Number))} (see: rpclab labs)").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            var console = Ui.Create(parseResult.InvocationConfiguration.Output);
            try
            {
                var run = await new LabRunner(console, InProcessCommandLine.Instance).RunAsync(lab, parseResult.GetValue(transport) ?? lab.Transport, cancellationToken).ConfigureAwait(false);
                if (parseResult.GetValue(output) is { } folder)
                {
                    var path = await TranscriptWriter.WriteAsync(run, folder, cancellationToken).ConfigureAwait(false);
                    console.WriteLine();
                    console.WriteLine($"Transcript written to {path}");
                }

                return run.Passed ? ExitCodes.Ok : ExitCodes.Failed;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync("lab interrupted; the server was stopped").ConfigureAwait(false);
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
