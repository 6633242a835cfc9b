using System.Globalization;
using RpcLab.Composition;
using Spectre.Console;

namespace RpcLab.Seminar;

/// <summary>
/// Runs a lab from its sheet: shows the Goal and Concepts, starts a real <c>rpclab serve</c> (a child
/// process; in-process only for inproc) on a free port with a temporary data folder, runs the sheet's
/// client commands through the same <c>call</c> command a student types, shows both terminals, compares
/// them with the sheet's Expected output, then shows the Task and Deliverable. The server is always
/// stopped and the data folder deleted, also on failure or Ctrl+C. One run at a time per instance.
/// </summary>
public sealed class LabRunner(IAnsiConsole console, ICommandLine commandLine)
{
    /// <summary>Generous: a first start on a busy two-core machine JITs a lot.</summary>
    public static TimeSpan ServerStartTimeout { get; } = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan LogGrace = TimeSpan.FromSeconds(10);

    /// <summary>The side-by-side view needs room for two 80-column terminals, nearly.</summary>
    private const int SideBySideWidth = 140;

    public async Task<LabRun> RunAsync(ILab lab, string transport, CancellationToken cancellationToken)
    {
        var sheet = LabRegistry.LoadSheet(lab);
        var script = sheet.Script.ForTransport(lab.Transport, transport);
        Ui.Heading(console, sheet.Title, major: true);
        foreach (var heading in new[] { "Goal", "Concepts", "Pipeline" }.Where(sheet.HasSection))
        {
            SheetPrinter.Print(console, heading, sheet.Section(heading));
        }

        console.WriteLine();
        Ui.Heading(console, "Running it");
        console.WriteLine($"server terminal: $ {script.Server.Text}");
        var startedAt = DateTimeOffset.Now;
        var data = Directory.CreateTempSubdirectory(string.Create(CultureInfo.InvariantCulture, $"rpclab-lab{lab.Number:00}-"));
        try
        {
            var serveArgs = ScriptCommand.WithOption(ScriptCommand.WithOption(script.Server.Args, "--port", "0"), "--data", data.FullName);
            await using var server = !TransportRegistry.Get(transport).HasWire
                ? (ILabServer)await InProcessServer.StartAsync(commandLine, serveArgs, ServerStartTimeout, cancellationToken).ConfigureAwait(false)
                : await ChildProcessServer.StartAsync(serveArgs, ServerStartTimeout, cancellationToken).ConfigureAwait(false);
            var port = server.Endpoint.Port.ToString(CultureInfo.InvariantCulture);
            console.WriteLine($"(listening on port {port}, data in {data.FullName})");

            var steps = new List<StepResult>();
            foreach (var step in script.ClientSteps)
            {
                console.WriteLine($"client terminal: $ {step.Text}");
                steps.Add(await RunStepAsync(step, port, cancellationToken).ConfigureAwait(false));
            }

            // Each call ends with one log line; wait for them so the server terminal is complete.
            await server.Terminal.WaitForAsync(lines => CountCallLines(lines) >= steps.Count, LogGrace, server.Exited, cancellationToken).ConfigureAwait(false);
            await server.StopAsync().ConfigureAwait(false);
            var serverOutput = server.Terminal.Lines;
            var run = new LabRun(lab, sheet, transport, script, server.Endpoint.Port, serverOutput, ExpectedLine.MatchInOrder(script.Server.Expected, serverOutput), steps, startedAt);
            Show(run);
            return run;
        }
        finally
        {
            TryDelete(data);
        }
    }

    private async Task<StepResult> RunStepAsync(ScriptCommand step, string port, CancellationToken cancellationToken)
    {
        // stdout and stderr into one writer, in order, as one terminal shows them.
        using var terminal = new StringWriter(CultureInfo.InvariantCulture);
        var args = ScriptCommand.WithOption(step.Args, "--port", port);
        var exitCode = await commandLine.RunAsync(args, terminal, terminal, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var lines = terminal.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        return new StepResult(step, lines, exitCode);
    }

    // A call's log line starts with its time (HH:mm:ss.fff); the listening and stopped lines do not.
    private static int CountCallLines(IReadOnlyList<string> lines) =>
        lines.Count(l => l.Length > 12 && l[2] == ':' && l[5] == ':' && l[8] == '.');

    private void Show(LabRun run)
    {
        console.WriteLine();
        if (console.Profile.Capabilities.Ansi && console.Profile.Width is >= SideBySideWidth and < Ui.UnwrappedWidth)
        {
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow(Terminal("server terminal", run.ServerTerminal), Terminal("client terminal", run.ClientTerminal));
            console.Write(grid);
        }
        else
        {
            // One after the other, a blank line closes each terminal, so the note below is not read as the client's output.
            Ui.Heading(console, "server terminal");
            WriteLines(run.ServerTerminal);
            console.WriteLine();
            Ui.Heading(console, "client terminal");
            WriteLines(run.ClientTerminal);
            console.WriteLine();
        }

        console.Write(new Text(run.PortNote + "\n", new Style(Color.Grey)));

        console.WriteLine();
        Ui.Heading(console, "Compared with the Expected output");
        Verdict(run.ServerPassed, $"server: {run.Script.Server.Text}", run.Script.Server.Expected, run.ServerOutput);
        foreach (var step in run.Steps)
        {
            Verdict(step.Passed, step.Step.Text, step.Step.Expected, step.Output);
        }

        console.WriteLine();
        console.Write(new Markup(run.Passed ? "[green]All steps PASS.[/]\n" : "[red]Some steps FAIL: compare the expected and actual lines above.[/]\n"));
        foreach (var heading in new[] { "Steps", "Task", "Deliverable" }.Where(run.Sheet.HasSection))
        {
            SheetPrinter.Print(console, heading, run.Sheet.Section(heading));
        }
    }

    private void Verdict(bool passed, string what, IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        console.Write(new Markup(passed ? "[green]PASS[/] " : "[red]FAIL[/] "));
        console.Write(new Text(what + "\n"));
        if (!passed)
        {
            console.WriteLine("  expected:");
            WriteLines(expected.Select(l => "    " + l));
            console.WriteLine("  actual:");
            WriteLines(actual.Select(l => "    " + l));
        }
    }

    private void WriteLines(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            console.Write(new Text(line + "\n"));
        }
    }

    private static Panel Terminal(string title, IEnumerable<string> lines) =>
        new Panel(new Text(string.Join('\n', lines))).Header(title).Expand();

    private static void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: it is a temporary folder; the OS cleans /tmp eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
