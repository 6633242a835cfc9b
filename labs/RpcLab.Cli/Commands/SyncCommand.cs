using System.CommandLine;
using RpcLab.Cli.Options;
using RpcLab.Composition;
using RpcLab.Measurement.Load;
using RpcLab.Services.Files;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;

namespace RpcLab.Cli.Commands;

/// <summary>
/// <c>rpclab sync &lt;localDir&gt;</c>: makes the server's files equal to the top-level files of a local folder
/// (uploads what is new or changed, deletes what is gone) through any transport, with
/// <see cref="FolderSync"/>. Prints one line per file acted on and a summary; exit codes as for <c>call</c>.
/// With <c>--watch</c> it keeps the server in step until Ctrl+C (<see cref="FolderWatch"/>), one line per cycle.
/// </summary>
public static class SyncCommand
{
    public static Command Create()
    {
        var endpoint = new EndpointOptions();
        var folder = new Argument<string>("localDir") { Description = "The local folder to mirror to the server." };
        var watch = new Option<bool>("--watch", "-w")
        {
            Description = "Keep watching until Ctrl+C: mirror every change (a file still being written waits), and delete on the server only " +
                "what was synced and then deleted here. Survives the server going away (it retries next cycle).",
        };
        var interval = new Option<TimeSpan>("--interval")
        {
            Description = "--watch: the longest time between two looks at the folder and the server (a change seen by the file watcher hurries it).",
            CustomParser = OptionParsers.Duration("--interval"),
            DefaultValueFactory = _ => TimeSpan.FromSeconds(10),
        };
        var command = new Command("sync", "Mirror a local folder's files to a running server (added, changed and deleted files); --watch keeps doing it.");
        command.Arguments.Add(folder);
        endpoint.AddTo(command);
        command.Options.Add(watch);
        command.Options.Add(interval);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var transport = endpoint.GetTransport(parseResult);
            var options = new ClientOptions { Host = endpoint.GetHost(parseResult), Port = endpoint.GetPort(parseResult) };
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            return parseResult.GetValue(watch)
                ? WatchAsync(transport, options, parseResult.GetValue(folder)!, parseResult.GetValue(interval), output, error, cancellationToken)
                : RunAsync(transport, options, parseResult.GetValue(folder)!, output, error, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// <c>sync --watch</c>: a cycle, one line saying what it did, a wait, until <paramref name="cancellationToken"/> fires
    /// (Ctrl+C, exit code 0). A failed cycle (the server gone, refusing a file) is one line too; the connection is
    /// dropped and made again next cycle, since not every transport's client reconnects by itself.
    /// </summary>
    public static async Task<int> WatchAsync(IRpcTransport transport, ClientOptions options, string localFolder, TimeSpan interval, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(localFolder);
        if (Mistake(transport, options, localFolder, path) is { } mistake)
        {
            await error.WriteLineAsync($"error: {mistake}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        var server = $"the {transport.Name} server at {ListeningLine.HostPort(options.Host, options.Port)}";
        using var watch = new FolderWatch(path, interval);
        await output.WriteLineAsync(
            $"watching {path} for {server}, every {Durations.Format(interval)}{(watch.Watching ? " and on changes" : "")} (Ctrl+C to stop)").ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        IRpcClient? client = null;
        var wasDown = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    client ??= await transport.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
                    var cycle = await watch.SyncOnceAsync(client.Services.Files, cancellationToken).ConfigureAwait(false);
                    await output.WriteLineAsync(CycleLine(cycle, wasDown ? $" ({server} is back)" : "")).ConfigureAwait(false);
                    wasDown = false;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    var rpc = RpcErrors.ToRpcException(e);
                    await error.WriteLineAsync(
                        $"{DateTime.Now:HH:mm:ss} error: {rpc.Status}: {rpc.Detail}; retrying next cycle (nothing is lost: what is not synced yet will be)").ConfigureAwait(false);
                    wasDown = true;
                    if (client is not null)
                    {
                        await client.DisposeAsync().ConfigureAwait(false);
                        client = null;
                    }
                }

                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                await watch.WaitForNextCycleAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the way a watch ends. A call in flight may end as the transport's Cancelled error rather than
            // an OperationCanceledException; either way it is the stop that was asked for.
        }
        finally
        {
            if (client is not null)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }

        await output.WriteLineAsync("stopped watching").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>What keeps a sync from starting (no such folder, no port to reach), or null.</summary>
    private static string? Mistake(IRpcTransport transport, ClientOptions options, string localFolder, string path) =>
        !Directory.Exists(path) ? $"no local folder '{localFolder}' to sync"
        : options.Port == 0 ? $"the {transport.Name} transport has no well-known port; say which with --port"
        : null;

    /// <summary>One cycle's line: counts always, names where there are some, so a quiet folder prints a short steady line.</summary>
    private static string CycleLine(WatchCycle cycle, string suffix)
    {
        static string Names(IReadOnlyList<string> names) => names.Count > 0 ? $" ({string.Join(", ", names)})" : "";

        return $"{DateTime.Now:HH:mm:ss} uploaded {cycle.Uploaded.Count}{Names(cycle.Uploaded)}, deleted {cycle.Deleted.Count}{Names(cycle.Deleted)}, " +
            $"unchanged {cycle.Unchanged.Count}, waiting {cycle.Waiting.Count}{Names(cycle.Waiting)}{suffix}";
    }

    public static async Task<int> RunAsync(IRpcTransport transport, ClientOptions options, string localFolder, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(localFolder);
        if (Mistake(transport, options, localFolder, path) is { } mistake)
        {
            await error.WriteLineAsync($"error: {mistake}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        try
        {
            await using var client = await transport.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            var report = await new FolderSync(client.Services.Files).SyncAsync(path, cancellationToken).ConfigureAwait(false);
            foreach (var (verb, names) in new[] { ("added", report.Added), ("changed", report.Changed), ("deleted", report.Deleted) })
            {
                foreach (var name in names)
                {
                    await output.WriteLineAsync($"{verb,-8} {name}").ConfigureAwait(false);
                }
            }

            foreach (var skipped in report.Skipped)
            {
                await output.WriteLineAsync($"skipped  {skipped.Name}: {skipped.Reason}").ConfigureAwait(false);
            }

            await output.WriteLineAsync(
                $"synced {path} to the {transport.Name} server at {ListeningLine.HostPort(options.Host, options.Port)}: " +
                $"{report.Added.Count} added, {report.Changed.Count} changed, {report.Deleted.Count} deleted, " +
                $"{report.Unchanged.Count} unchanged, {report.Skipped.Count} skipped").ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (Exception e)
        {
            var rpc = RpcErrors.ToRpcException(e);
            await error.WriteLineAsync($"error: {rpc.Status}: {rpc.Detail}").ConfigureAwait(false);
            if (!cancellationToken.IsCancellationRequested && ConnectionHint.For(rpc.Status, transport, options) is { } hint)
            {
                await error.WriteLineAsync(hint).ConfigureAwait(false);
            }

            return ExitCodes.ForStatus(rpc.Status);
        }
    }
}
