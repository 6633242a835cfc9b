using System.CommandLine;
using RpcLab.Composition;
using RpcLab.Services.Files;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;

namespace RpcLab.Cli.Commands;

/// <summary>
/// <c>rpclab sync &lt;localDir&gt;</c>: makes the server's files equal to the top-level files of a local folder
/// (uploads what is new or changed, deletes what is gone) through any transport, with
/// <see cref="FolderSync"/>. Prints one line per file acted on and a summary; exit codes as for <c>call</c>.
/// </summary>
public static class SyncCommand
{
    public static Command Create()
    {
        var endpoint = new EndpointOptions();
        var folder = new Argument<string>("localDir") { Description = "The local folder to mirror to the server." };
        var command = new Command("sync", "Mirror a local folder's files to a running server (added, changed and deleted files).");
        command.Arguments.Add(folder);
        endpoint.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            endpoint.GetTransport(parseResult),
            new ClientOptions { Host = endpoint.GetHost(parseResult), Port = endpoint.GetPort(parseResult) },
            parseResult.GetValue(folder)!,
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(IRpcTransport transport, ClientOptions options, string localFolder, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(localFolder);
        if (!Directory.Exists(path))
        {
            await error.WriteLineAsync($"error: no local folder '{localFolder}' to sync").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        if (options.Port == 0)
        {
            await error.WriteLineAsync($"error: the {transport.Name} transport has no well-known port; say which with --port").ConfigureAwait(false);
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
