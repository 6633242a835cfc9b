using System.Net.Sockets;
using RpcLab.Transports.Hosting;

namespace RpcLab.Measurement.Load;

/// <summary>
/// The latency floor's server: a bare TCP echo that sends back every byte it reads, with no framing, no
/// serialization and no dispatch. A call of any transport cannot beat one round trip through it, so each
/// transport's latency is reported as a ratio to it. It listens and accepts as the JSON-RPC server does (the
/// seam's <see cref="ListenAddress"/> and <see cref="TcpAcceptLoop"/>: one asynchronous task per connection,
/// Nagle off), so the floor differs from a transport only by what a transport adds.
/// Thread-safe; disposing it closes the listener and every connection.
/// </summary>
public sealed class TcpEchoServer : IAsyncDisposable
{
    private readonly TcpAcceptLoop _loop;

    private TcpEchoServer(TcpAcceptLoop loop) => _loop = loop;

    public int Port => _loop.Port;

    /// <summary>What the listening line prints (<see cref="ListenAddress.Host"/>).</summary>
    public string Host => _loop.Host;

    /// <summary>Listens on <paramref name="host"/>:<paramref name="port"/> (0 = any free port), as <see cref="ListenAddress"/> reads the host.</summary>
    public static TcpEchoServer Start(string host, int port) =>
        new(TcpAcceptLoop.Start(ListenAddress.Resolve(host), port, EchoAsync));

    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private static async Task EchoAsync(Socket connection, CancellationToken stopping)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await connection.ReceiveAsync(buffer, SocketFlags.None, stopping).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                var sent = 0;
                while (sent < read)
                {
                    sent += await connection.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, stopping).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client left or the server stops: either way this connection is done.
        }
    }
}
