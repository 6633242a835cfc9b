using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace RpcLab.Seminar.Checks;

/// <summary>
/// <c>rpclab check</c>: starts the student's server (or uses one already running), runs each check of the lab's suite
/// against it with a time limit, prints one line per check and the summary line, and writes the report if asked. The
/// student's server is always stopped, also when a check throws or the run is cancelled (Ctrl+C). One run at a time
/// per instance.
/// </summary>
public sealed class CheckRunner(IAnsiConsole console)
{
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
        var transport = options.Transport is null
            ? suite.Transports[0]
            : suite.Transports.FirstOrDefault(t => string.Equals(t, options.Transport, StringComparison.OrdinalIgnoreCase))
              ?? throw new InvalidOperationException($"the {suite.Name} checks speak {string.Join(", ", suite.Transports)}; not {options.Transport}");
        var startedAt = DateTimeOffset.Now;
        StudentServer? server = null;
        try
        {
            int port;
            if (options.ServerCommand is { } command)
            {
                console.WriteLine($"starting your server: {command}");
                server = await StudentServer.StartAsync(command, options.Host, options.StartTimeout, cancellationToken).ConfigureAwait(false);
                port = server.Port;
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"it listens on {options.Host}:{port}"));
            }
            else
            {
                port = options.Port ?? throw new InvalidOperationException("give --server \"CMD {port}\" (rpclab starts your server) or --port P (your server is running)");
            }

            var context = new CheckContext(options.Host, port, transport, server is null ? null : server.RestartAsync)
            {
                Workspace = options.Workspace,
                ClerkCommand = options.ClerkCommand,
                OutDirectory = options.OutDirectory,
            };
            console.WriteLine($"{suite.Name} checks over {transport}:");
            var clock = Stopwatch.StartNew();
            var results = new List<CheckResult>();
            foreach (var check in suite.Checks)
            {
                var result = await RunOneAsync(check, context, options.CheckTimeout, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                Print(result);
            }

            var run = new CheckRun(lab, suite.Name, transport, options.Command, options.Student, results, clock.Elapsed, context.Calls, context.Bytes, startedAt);
            console.Write(new Text(run.Summary + "\n"));
            if (options.OutDirectory is { } folder && lab is not null)
            {
                var path = Path.GetFullPath(Path.Combine(folder, CheckReport.FileName(lab)));
                console.WriteLine(DeliverableFile.Describe(path, await DeliverableFile.WriteGeneratedAsync(path, CheckReport.Render(run), cancellationToken).ConfigureAwait(false)));
            }

            return run;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
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
