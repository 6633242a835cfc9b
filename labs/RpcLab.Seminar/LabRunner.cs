using System.Globalization;
using RpcLab.Composition;
using Spectre.Console;

namespace RpcLab.Seminar;

/// <summary>
/// Runs a lab from its sheet: shows the Goal and Concepts, then runs the sheet's Expected output in order: each
/// server (<c>rpclab serve</c> as a child process, in-process only for a transport with no wire; <c>--port 0</c>
/// and a temporary data folder, since 30 students share one machine) in the background, each other command through
/// the same command line a student types, values captured by <c>{NAME}</c> filled in for <c>$NAME</c>. Then it
/// shows the terminals, compares them with the sheet, and shows the Task and Deliverable. The servers are always
/// stopped and the data folder deleted, also on failure or Ctrl+C. One run at a time per instance.
/// </summary>
public sealed class LabRunner(IAnsiConsole console, ICommandLine commandLine)
{
    /// <summary>Generous: a first start on a busy two-core machine JITs a lot.</summary>
    public static TimeSpan ServerStartTimeout { get; } = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan LogGrace = TimeSpan.FromSeconds(10);

    /// <summary>The side-by-side view needs room for two 80-column terminals, nearly.</summary>
    private const int SideBySideWidth = 140;

    public async Task<LabRun> RunAsync(LabSheet sheet, string transport, string student, CancellationToken cancellationToken)
    {
        var lab = sheet.Lab;
        if (!lab.Transports.Contains(transport, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"lab {lab.Number} runs over {string.Join(", ", lab.Transports)}, not {transport}");
        }

        var script = sheet.Script.ForTransport(lab.DefaultTransport, transport);
        Ui.Heading(console, sheet.Title, major: true);
        foreach (var heading in new[] { "Goal", "Concepts", "Pipeline" }.Where(sheet.HasSection))
        {
            SheetPrinter.Print(console, heading, sheet.Section(heading));
        }

        console.WriteLine();
        Ui.Heading(console, "Running it");
        var startedAt = DateTimeOffset.Now;
        var data = Directory.CreateTempSubdirectory(string.Create(CultureInfo.InvariantCulture, $"rpclab-{lab.FilePrefix}-"));
        var running = new List<(ScriptCommand Command, ILabServer Server, bool HasWire)>();
        try
        {
            var captures = new Dictionary<string, string>(StringComparer.Ordinal);
            var steps = new List<StepResult>();
            foreach (var command in script.Commands)
            {
                console.WriteLine($"{command.Terminal} terminal: $ {command.Text}");
                if (command.IsServer)
                {
                    running.Add(await StartServerAsync(command, data, captures, cancellationToken).ConfigureAwait(false));
                }
                else
                {
                    steps.Add(await RunStepAsync(command, captures, running, cancellationToken).ConfigureAwait(false));
                }
            }

            var servers = new List<ServerResult>();
            foreach (var (command, server, hasWire) in running)
            {
                // Each call ends with one log line; wait for the calls made to this server, so its terminal is complete.
                var calls = steps.Count(s => ScriptCommand.OptionValue(s.RanWith, "--port") == Port(server));
                await server.Terminal.WaitForAsync(lines => CountCallLines(lines) >= calls, LogGrace, server.Exited, cancellationToken).ConfigureAwait(false);
                await server.StopAsync().ConfigureAwait(false);
                servers.Add(new ServerResult(command, server.Terminal.Lines, server.Endpoint.Port == 0 ? null : server.Endpoint.Port, hasWire));
            }

            var run = new LabRun(sheet, transport, script, servers, steps, captures, student, startedAt);
            Show(run);
            return run;
        }
        finally
        {
            foreach (var (_, server, _) in Enumerable.Reverse(running))
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }

            TryDelete(data);
        }
    }

    private async Task<(ScriptCommand, ILabServer, bool)> StartServerAsync(ScriptCommand command, DirectoryInfo data, Dictionary<string, string> captures, CancellationToken cancellationToken)
    {
        var args = command.ArgsWith(captures);
        if (args[0] == "serve")
        {
            // Never the sheet's fixed port: a shared machine has 30 of these running. The sheet's own port, if it
            // wrote one, is mapped onto the real one for the commands that follow (see RunStepAsync).
            var folder = Directory.CreateDirectory(Path.Combine(data.FullName, command.Terminal)).FullName;
            args = ScriptCommand.WithOption(ScriptCommand.WithOption(args, "--port", "0"), "--data", folder);
        }

        var transport = ScriptCommand.OptionValue(args, "--transport");
        var hasWire = transport is null || TransportRegistry.Get(transport).HasWire;
        var expected = command.Expected.Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        var capturing = expected.Where(l => ExpectedLine.Names(l).Count > 0).ToList();

        // Ready when it says it listens (or prints its first expected line), and has printed every line a later step captures from.
        bool Ready(IReadOnlyList<string> lines) =>
            (lines.Any(l => ListeningLine.TryParse(l, out _)) || (expected.Count > 0 && lines.Any(l => ExpectedLine.Matches(expected[0], l))))
            && capturing.All(c => lines.Any(l => ExpectedLine.Matches(c, l)));

        // rpclab proxy has no --until-stdin-closes: it stops on the SIGTERM StopAsync sends.
        var server = hasWire
            ? (ILabServer)await ChildProcessServer.StartAsync(args, ServerStartTimeout, cancellationToken, Ready, untilStdinCloses: args[0] != "proxy").ConfigureAwait(false)
            : await InProcessServer.StartAsync(commandLine, args, ServerStartTimeout, cancellationToken, Ready).ConfigureAwait(false);
        foreach (var line in capturing)
        {
            ExpectedLine.TryMatch(line, server.Terminal.Lines.First(l => ExpectedLine.Matches(line, l)), out var found);
            foreach (var (name, value) in found)
            {
                captures[name] = value;
            }
        }

        if (server.Endpoint.Port != 0)
        {
            console.WriteLine($"(listening on port {Port(server)})");
            if (ScriptCommand.OptionValue(command.Args, "--port") is { } written && written != "0" && !written.StartsWith('$'))
            {
                captures[SheetPortKey(written)] = Port(server);
            }
        }

        return (command, server, hasWire);
    }

    private async Task<StepResult> RunStepAsync(ScriptCommand step, Dictionary<string, string> captures, List<(ScriptCommand Command, ILabServer Server, bool HasWire)> servers, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> args;
        try
        {
            args = step.ArgsWith(captures);
        }
        catch (FormatException e)
        {
            // An earlier step that should have printed the value failed; this one cannot run as written.
            return new StepResult(step, [$"error: {e.Message}"], -1) { RanWith = step.Args };
        }

        // Today's sheets write the server's fixed port in every command (--port 50051): the server ran on another,
        // so the same number here means that server. A transport with no wire has no port to write at all.
        var port = ScriptCommand.OptionValue(args, "--port");
        if (port is not null && captures.TryGetValue(SheetPortKey(port), out var real))
        {
            args = ScriptCommand.WithOption(args, "--port", real);
        }
        else if (port is null && ScriptCommand.OptionValue(args, "--transport") is { } transport
            && servers.FirstOrDefault(s => !s.HasWire && ScriptCommand.OptionValue(s.Command.Args, "--transport") == transport).Server is { } inProcess)
        {
            args = ScriptCommand.WithOption(args, "--port", Port(inProcess));
        }

        // stdout and stderr into one writer, in order, as one terminal shows them.
        using var terminal = new StringWriter(CultureInfo.InvariantCulture);
        var exitCode = await commandLine.RunAsync(args, terminal, terminal, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var lines = terminal.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var result = new StepResult(step, lines, exitCode) { RanWith = args };
        if (result.Passed)
        {
            foreach (var (expected, actual) in ExpectedLine.Align(step.Expected, lines)!)
            {
                ExpectedLine.TryMatch(expected, actual, out var found);
                foreach (var (name, value) in found)
                {
                    captures[name] = value;
                }
            }
        }

        return result;
    }

    // The key under which a sheet's fixed port is remembered among the captures; not a valid $NAME, so no sheet can use it.
    private static string SheetPortKey(string port) => "port " + port;

    private static string Port(ILabServer server) => server.Endpoint.Port.ToString(CultureInfo.InvariantCulture);

    // A call's log line starts with its time (HH:mm:ss.fff); the listening and stopped lines do not.
    private static int CountCallLines(IReadOnlyList<string> lines) =>
        lines.Count(l => l.Length > 12 && l[2] == ':' && l[5] == ':' && l[8] == '.');

    private void Show(LabRun run)
    {
        console.WriteLine();
        var terminals = run.Script.Terminals;
        if (terminals.Count == 2 && console.Profile.Capabilities.Ansi && console.Profile.Width is >= SideBySideWidth and < Ui.UnwrappedWidth)
        {
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow(Terminal(terminals[0] + " terminal", run.Terminal(terminals[0])), Terminal(terminals[1] + " terminal", run.Terminal(terminals[1])));
            console.Write(grid);
        }
        else
        {
            // One after the other, a blank line closes each terminal, so the note below is not read as the client's output.
            foreach (var name in terminals)
            {
                Ui.Heading(console, name + " terminal");
                WriteLines(run.Terminal(name));
                console.WriteLine();
            }
        }

        foreach (var server in run.Servers)
        {
            console.Write(new Text(server.PortNote + "\n", new Style(Color.Grey)));
        }

        console.WriteLine();
        Ui.Heading(console, "Compared with the Expected output");
        foreach (var server in run.Servers)
        {
            Verdict(server.Passed, $"{server.Command.Terminal}: {server.Command.Text}", server.Command.Expected, server.Output);
        }

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
