using RpcLab.Composition;
using RpcLab.Services;
using RpcLab.Transports.Hosting;

namespace RpcLab.Measurement.Load;

/// <summary>
/// <c>rpclab bench serve</c>: the server a load run hits. Like <c>rpclab serve</c> it prints the
/// <see cref="ListeningLine"/>, but it keeps no call log (a line per call would cost the server more than
/// the call at these rates) and its data live in memory and a temporary folder. With no transport it is
/// the floor's bare TCP echo instead. Stateless and thread-safe.
/// </summary>
public static class BenchServe
{
    public static async Task<int> RunAsync(IRpcTransport? transport, string host, int port, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            if (transport is null)
            {
                await using var floor = TcpEchoServer.Start(host, port);
                await ListenUntilCancelledAsync(ListeningLine.Format(LoadServers.FloorTransport, floor.Host, floor.Port, "none"), output, cancellationToken).ConfigureAwait(false);
                return 0;
            }

            await using var services = ServiceHost.Create(new ServiceOptions());
            // The load generator is one peer opening many connections: it gets the whole connection limit, not one peer's share.
            var options = new ServerOptions { Host = host, Port = port, MaxConnectionsPerPeer = RpcLimits.DefaultMaxConnections };
            await using var server = await transport.StartServerAsync(services.Services, options, cancellationToken).ConfigureAwait(false);
            await ListenUntilCancelledAsync(ListeningLine.Format(transport.Name, server.Host, server.Port, services.FilesDirectory), output, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or ArgumentException or FormatException)
        {
            await error.WriteLineAsync($"error: could not start the {transport?.Name ?? LoadServers.FloorTransport} server on {ListeningLine.HostPort(host, port)}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task ListenUntilCancelledAsync(string listeningLine, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(listeningLine).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C, SIGTERM or the parent closed our stdin: the way to stop.
        }
    }
}
