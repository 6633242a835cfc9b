using System.Net.Sockets;

namespace RpcLab.Network;

/// <summary>
/// One relayed connection as its per-connection stages see it (<see cref="TcpRelayOptions.ConnectionStages"/>): its
/// number, the relay's clock, and the ways a fault ends it. Thread-safe; ending an ended connection does nothing.
/// </summary>
public sealed class RelayLink
{
    private readonly Socket _client;
    private readonly Socket _server;
    private readonly Action _close;

    internal RelayLink(int connection, Socket client, Socket server, Func<TimeSpan> clock, Action close, CancellationToken closed)
    {
        Connection = connection;
        _client = client;
        _server = server;
        Clock = clock;
        _close = close;
        Closed = closed;
    }

    /// <summary>The connection's number, from 1 in the order the relay accepted them.</summary>
    public int Connection { get; }

    /// <summary>The time since the relay started (the clock of <see cref="RelayChunk.At"/>).</summary>
    public Func<TimeSpan> Clock { get; }

    /// <summary>Fires when the connection closes, whoever closed it.</summary>
    public CancellationToken Closed { get; }

    /// <summary>Closes both sockets the ordinary way (FIN): each peer reads the end of its stream.</summary>
    public void Close() => _close();

    /// <summary>Resets both sockets (RST: linger 0), so each peer's next read or write fails with "connection reset".</summary>
    public void Reset()
    {
        foreach (var socket in new[] { _client, _server })
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already closed: there is nothing left to reset.
            }
        }

        _close();
    }
}
