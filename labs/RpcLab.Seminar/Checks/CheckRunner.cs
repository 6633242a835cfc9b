using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace RpcLab.Seminar.Checks;

/// <summary>
/// <c>rpclab check</c>: starts the student's server (or uses one already running; a suite that checks a client starts
/// what it needs itself, from <see cref="CheckOptions.ClientCommand"/>; a suite that only reads the workspace's files
/// needs none), runs each check of the lab's suite against it with a time limit, prints one line per check and the
/// summary line, and writes the report if asked. The
/// student's server is always stopped, also when a check throws or the run is cancelled (Ctrl+C). One run at a time
/// per instance.
/// </summary>
public sealed class CheckRunner(IAnsiConsole console)
{
    /// <summary>The transport a run of a suite that needs no server reports (in its report: "over no transport").</summary>
    public const string NoTransport = "no transport";

    /// <summary>Runs the suite the sheet names (found in this assembly by <see cref="CheckSuites"/>).</summary>
    public Task<CheckRun> RunAsync(LabSheet sheet, CheckOptions options, CancellationToken cancellationToken) =>
        RunAsync(sheet, CheckSuites.All, options, cancellationToken);

    /// <summary>Runs the suite the sheet names, found among <paramref name="suites"/>.</summary>
    public Task<CheckRun> RunAsync(LabSheet sheet, IEnumerable<ILabCheckSuite> suites, CheckOptions options, CancellationToken cancellationToken)
    {
        var name = sheet.Lab.Checks ?? throw new InvalidOperationException($"lab {sheet.Lab.Number} has no checks (its sheet's front matter names no 'checks:')");
        var suite = CheckSuites.Find(name, suites) ?? throw new InvalidOperationException($"lab {sheet.Lab.Number}'s sheet names the check suite '{name}', which does not exist");
        return RunAsync(suite, sheet.Lab, options, cancellationToken);
    }

    /// <summary>Runs <paramref name="suite"/>; <paramref name="lab"/> names the report file (null: no lab, no report).</summary>
    public async Task<CheckRun> RunAsync(ILabCheckSuite suite, LabFrontMatter? lab, CheckOptions options, CancellationToken cancellationToken)
    {
        if (!suite.NeedsServer)
        {
            return await RunOnFilesAsync(suite, lab, options, cancellationToken).ConfigureAwait(false);
        }

        var transport = options.Transport is null
            ? suite.Transports[0]
            : suite.Transports.FirstOrDefault(t => string.Equals(t, options.Transport, StringComparison.OrdinalIgnoreCase))
              ?? throw new InvalidOperationException($"the {suite.Name} checks speak {string.Join(", ", suite.Transports)}; not {options.Transport}");
        var startedAt = DateTimeOffset.Now;
        if (suite.ChecksClient != (options.ClientCommand is not null))
        {
            throw new InvalidOperationException(suite.ChecksClient
                ? $"the {suite.Name} checks check your client: give --client \"CMD\" (see the lab sheet's Task for its placeholders)"
                : $"the {suite.Name} checks check your server: give --server \"CMD {{port}}\" or --port P, not --client");
        }

        StudentServer? server = null;
        try
        {
            int port = 0;
            int? restPort = null;
            if (options.ClientCommand is { } client)
            {
                console.WriteLine($"your client: {client}");
            }
            else if (options.ServerCommand is { } command)
            {
                console.WriteLine($"starting your server: {command}");
                server = await StudentServer.StartAsync(command, options.Host, options.StartTimeout, cancellationToken).ConfigureAwait(false);
                (port, restPort) = (server.Port, server.RestPort);
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"it listens on {options.Host}:{port}{(restPort is { } rest ? $" and {options.Host}:{rest}" : string.Empty)}"));
            }
            else
            {
                port = options.Port ?? throw new InvalidOperationException("give --server \"CMD {port}\" (rpclab starts your server) or --port P (your server is running)");
                restPort = options.RestPort;
            }

            CheckContext? context = null;
            await using var _ = context = new CheckContext(options.Host, port, transport, server is null ? null : async token =>
            {
                var restarted = await server.RestartAsync(token).ConfigureAwait(false);
                context!.WithRestPort(server.RestPort);
                return restarted;
            })
            {
                Workspace = options.Workspace,
                ClientCommand = options.ClientCommand,
                ClerkCommand = options.ClerkCommand,
                OutDirectory = options.OutDirectory,
            };
            context.WithRestPort(restPort);
            console.WriteLine($"{suite.Name} checks over {transport}:");
            return await RunChecksAsync(suite, lab, options, context, startedAt, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>A suite that needs no server: only the workspace, whose files its checks read.</summary>
    private async Task<CheckRun> RunOnFilesAsync(ILabCheckSuite suite, LabFrontMatter? lab, CheckOptions options, CancellationToken cancellationToken)
    {
        if (options.ServerCommand is not null || options.Port is not null || options.ClientCommand is not null || options.Transport is not null)
        {
            throw new InvalidOperationException($"the {suite.Name} checks read your workspace's files and need no server: give only --workspace DIR (no --server, --port, --client or --transport)");
        }

        var workspace = options.Workspace ?? throw new InvalidOperationException($"the {suite.Name} checks read your workspace's files: give --workspace DIR");
        if (!Directory.Exists(workspace))
        {
            throw new InvalidOperationException($"the workspace {workspace} does not exist");
        }

        var context = new CheckContext(options.Host, 0, NoTransport, restartServer: null) { Workspace = workspace };
        console.WriteLine($"{suite.Name} checks on {workspace}:");
        return await RunChecksAsync(suite, lab, options, context, DateTimeOffset.Now, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CheckRun> RunChecksAsync(ILabCheckSuite suite, LabFrontMatter? lab, CheckOptions options, CheckContext context, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var results = new List<CheckResult>();
        foreach (var check in suite.Checks)
        {
            var result = await RunOneAsync(check, context, check.Timeout ?? options.CheckTimeout, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            Print(result);
        }

        var run = new CheckRun(lab, suite.Name, context.Transport, options.Command, options.Student, results, clock.Elapsed, context.Calls, context.Bytes, startedAt);
        console.Write(new Text(run.Summary + "\n"));
        if (options.OutDirectory is { } folder && lab is not null)
        {
            var path = Path.GetFullPath(Path.Combine(folder, CheckReport.FileName(lab)));
            console.WriteLine(DeliverableFile.Describe(path, await DeliverableFile.WriteGeneratedAsync(path, CheckReport.Render(run), cancellationToken).ConfigureAwait(false)));
        }

        return run;
    }

    private static async Task<CheckResult> RunOneAsync(LabCheck check, CheckContext context, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        CheckOutcome outcome;
        try
        {
            // WaitAsync as well: a check that ignores its token still cannot hold the run past its time limit.
            outcome = await check.RunAsync(context, limit.Token).WaitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = CheckOutcome.Fail(string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0} s"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A check that throws has found something wrong (or is wrong itself): never a pass.
            outcome = CheckOutcome.Fail($"{e.GetType().Name}: {e.Message}");
        }

        return new CheckResult(check.Name, outcome, clock.Elapsed);
    }

    private void Print(CheckResult result)
    {
        console.Write(new Text(result.Line + "\n"));
        if (!result.Outcome.Passed)
        {
            if (result.Outcome.Sent is { } sent)
            {
                console.Write(new Text($"      sent: {sent}\n"));
            }

            if (result.Outcome.Received is { } received)
            {
                console.Write(new Text($"      received: {received}\n"));
            }
        }
    }
}
