using System.CommandLine;
using RpcLab.Cli.Options;
using RpcLab.Cli.Serving;
using RpcLab.Composition;
using RpcLab.Services;
using RpcLab.Transports.Hosting;

namespace RpcLab.Cli.Commands;

/// <summary>
/// <c>rpclab serve</c>: the five services behind one transport, in the foreground, like the original
/// course projects' servers. Prints the <see cref="ListeningLine"/>, then one <see cref="CallLogLine"/>
/// per finished call, until Ctrl+C or SIGTERM, and then stops cleanly.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var endpoint = new EndpointOptions(server: true);
        var data = new Option<string>("--data")
        {
            Description = "The server's data folder (users.db and files/).",
            DefaultValueFactory = _ => Path.Combine(".rpclab", "data"),
        };
        var maxMessageSize = new Option<int>("--max-message-size")
        {
            Description = "The largest message accepted or sent, in bytes.",
            DefaultValueFactory = _ => RpcLimits.DefaultMaxMessageSize,
            CustomParser = WholeNumber.RequiredParser("--max-message-size", 1024, int.MaxValue, "a whole number of bytes, at least 1024"),
        };
        var limits = new ServiceLimitOptions();
        var serverLimits = new ServerLimitOptions();
        var list = new Option<bool>("--list") { Description = "List the methods the server offers and exit." };
        var quiet = new Option<bool>("--quiet", "-q")
        {
            Description = "Print no line per call (for load tests, where writing a line per call costs a third of the throughput).",
        };

        // For the lab runner: a child server stops when its parent's end of stdin closes, so it cannot
        // outlive the parent, however the parent ends (a signal before its handlers, a crash, SIGKILL).
        var untilStdinCloses = new Option<bool>("--until-stdin-closes") { Hidden = true };

        var command = new Command("serve", "Run a server of the five services over one transport until Ctrl+C.");
        endpoint.AddTo(command);
        command.Options.Add(data);
        command.Options.Add(maxMessageSize);
        limits.AddTo(command);
        serverLimits.AddTo(command);
        command.Options.Add(list);
        command.Options.Add(quiet);
        command.Options.Add(untilStdinCloses);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var transport = endpoint.GetTransport(parseResult);
            if (parseResult.GetValue(list))
            {
                MethodTable.Write(Ui.Create(output), transport);
                return ExitCodes.Ok;
            }

            var host = endpoint.GetHost(parseResult);
            var port = endpoint.GetPort(parseResult, transport);
            var serviceOptions = limits.GetServiceOptions(parseResult, Path.GetFullPath(parseResult.GetValue(data)!));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (parseResult.GetValue(untilStdinCloses))
            {
                _ = CancelWhenStdinClosesAsync(stop);
            }

            var options = serverLimits.Apply(new ServerOptions { Host = host, Port = port, MaxMessageSize = parseResult.GetValue(maxMessageSize) }, parseResult);
            return await ServeAsync(transport, options, serviceOptions, parseResult.GetValue(quiet), output, error, stop.Token).ConfigureAwait(false);
        });
        return command;
    }

    internal static async Task CancelWhenStdinClosesAsync(CancellationTokenSource stop)
    {
        try
        {
            await using var stdin = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (await stdin.ReadAsync(buffer, stop.Token).ConfigureAwait(false) > 0)
            {
                // Anything the parent writes is ignored; only the end of the stream matters.
            }

            await stop.CancelAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Stopped another way first, or no stdin to watch.
        }
    }

    /// <summary>
    /// The one line a server bound beyond loopback without protection prints at start (the services have no token, so
    /// only TLS protects them), or null: anyone who reaches the port may call every method and read every byte.
    /// </summary>
    internal static string? ExposureWarning(IRpcServer server) =>
        server.Protection is null && !ListenAddress.Resolve(server.Host).IsLoopback
            ? $"warning: the {server.Transport} server listens on {ListeningLine.HostPort(server.Host, server.Port)}, beyond this machine, without TLS or a token: " +
              "anyone who can reach it may call every method and read every call; use --host 127.0.0.1, or --tls where the transport has it"
            : null;

    private static async Task<int> ServeAsync(IRpcTransport transport, ServerOptions options, ServiceOptions serviceOptions, bool quiet, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (host, port) = (options.Host, options.Port);
        var logLock = new object();
        void Log(CallRecord call)
        {
            // Calls finish on many threads; one lock keeps each line whole.
            lock (logLock)
            {
                output.WriteLine(CallLogLine.Format(call, DateTimeOffset.Now));
                output.Flush();
            }
        }

        var dataDirectory = serviceOptions.DataDirectory!;
        ServiceHost created;
        try
        {
            Directory.CreateDirectory(dataDirectory);
            created = ServiceHost.Create(serviceOptions);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            await error.WriteLineAsync($"error: could not open the data folder {dataDirectory}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        await using var services = created;
        IRpcServer server;
        try
        {
            server = await transport.StartServerAsync(services.Services, options with { CallLog = quiet ? null : Log, DataDirectory = dataDirectory }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await error.WriteLineAsync($"error: could not start the {transport.Name} server on {ListeningLine.HostPort(host, port)}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        await using (server.ConfigureAwait(false))
        {
            lock (logLock)
            {
                output.WriteLine(ListeningLine.Format(transport.Name, server.Host, server.Port, dataDirectory));
                foreach (var (also, alsoPort) in server.AlsoListening)
                {
                    output.WriteLine(ListeningLine.Format(also, server.Host, alsoPort, dataDirectory));
                }

                if (server.Protection is { } protection)
                {
                    output.WriteLine(protection);
                }

                output.Flush();
            }

            if (transport.HasWire && ExposureWarning(server) is { } warning)
            {
                await error.WriteLineAsync(warning).ConfigureAwait(false);
            }

            if (transport.HasWire && ServerLimitOptions.DescriptorNote(options, FileDescriptorLimit.Current) is { } note)
            {
                await error.WriteLineAsync(note).ConfigureAwait(false);
            }

            if (!transport.HasWire)
            {
                await error.WriteLineAsync($"note: {transport.Name} has no wire; only calls made inside this process reach this server").ConfigureAwait(false);
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: the normal way to stop a server.
            }
        }

        lock (logLock)
        {
            output.WriteLine($"rpclab {transport.Name} server stopped");
            output.Flush();
        }

        return ExitCodes.Ok;
    }
}
