using System.Net;
using System.Net.Sockets;

namespace RpcLab.Measurement.Load;

/// <summary>
/// The latency floor's server: a bare TCP echo on loopback that sends back every byte it reads, with no
/// framing, no serialization and no dispatch. A call of any transport cannot beat one round trip through
/// it, so each transport's latency is reported as a ratio to it. One asynchronous loop per connection
/// (the way every transport's server reads its sockets), Nagle off on both ends.
/// Thread-safe; disposing it closes the listener and every connection.
/// </summary>
public sealed class TcpEchoServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly List<Socket> _connections = [];

    private TcpEchoServer(Socket listener)
    {
        _listener = listener;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public string Host => ((IPEndPoint)_listener.LocalEndPoint!).Address.ToString();

    /// <summary>Listens on <paramref name="host"/>:<paramref name="port"/> (0 = any free port).</summary>
    public static TcpEchoServer Start(string host, int port)
    {
        var address = IPAddress.Parse(host);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(address, port));
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new TcpEchoServer(listener);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        await _acceptLoop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            connection.NoDelay = true;
            lock (_connections)
            {
                _connections.Add(connection);
            }

            _ = EchoAsync(connection);
        }
    }

    private async Task EchoAsync(Socket connection)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await connection.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                var sent = 0;
                while (sent < read)
                {
                    sent += await connection.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client left or the server stops: either way this connection is done.
        }
        finally
        {
            lock (_connections)
            {
                _connections.Remove(connection);
            }

            connection.Dispose();
        }
    }
}
