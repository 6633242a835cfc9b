using System.Net;
using System.Net.Sockets;

namespace RpcLab.Measurement.Load;

/// <summary>
/// The latency floor's client: one connection to a <see cref="TcpEchoServer"/>; <see cref="PingAsync"/>
/// sends the payload and waits until the same number of bytes came back. No allocation per round trip.
/// Not thread-safe: one round trip at a time (a byte stream without framing cannot be shared).
/// </summary>
public sealed class TcpPingPongClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _payload;
    private readonly byte[] _reply;

    private TcpPingPongClient(Socket socket, byte[] payload)
    {
        _socket = socket;
        _payload = payload;
        _reply = new byte[payload.Length];
    }

    public static async Task<TcpPingPongClient> ConnectAsync(string host, int port, byte[] payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length == 0)
        {
            throw new ArgumentException("a ping needs at least one byte", nameof(payload));
        }

        var address = IPAddress.Parse(host);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new TcpPingPongClient(socket, payload);
    }

    /// <summary>One round trip: the payload out, as many bytes back. Throws IOException when the server closed.</summary>
    public async ValueTask PingAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        while (sent < _payload.Length)
        {
            sent += await _socket.SendAsync(_payload.AsMemory(sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }

        var received = 0;
        while (received < _reply.Length)
        {
            var read = await _socket.ReceiveAsync(_reply.AsMemory(received), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("the echo server closed the connection");
            }

            received += read;
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
