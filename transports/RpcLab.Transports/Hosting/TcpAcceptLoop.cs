using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace RpcLab.Transports.Hosting;

/// <summary>
/// The one TCP accept loop, for the servers that own their sockets (JSON-RPC, the benchmark's TCP floor): it listens
/// on every socket <see cref="ListenAddress.Listen"/> gives, accepts until disposed, and hands each connection (Nagle
/// off, since every server here answers small requests at once) to a callback on a task of its own. The loop owns
/// the accepted socket and closes it when the callback returns. Whatever one connection does (fail while being
/// accepted, make its callback throw) ends that connection only; the loop keeps accepting, and it logs nothing, so
/// a server reports what it wants in its callback. Disposing stops accepting, cancels the token the callbacks were
/// given, closes every open connection, and waits for the callbacks to return, never longer than the stop patience
/// (a handler that ignores cancellation must not hang a server's stop). Given a <see cref="ConnectionLimiter"/>, a
/// connection over its limits is closed as soon as it is accepted, before any callback, and the others go on being
/// served. The raw toolkit keeps a hand-written loop of its own, since writing one is that lab's subject (it asks the
/// same limiter). Thread-safe; dispose once (later calls do nothing).
/// </summary>
public sealed class TcpAcceptLoop : IAsyncDisposable
{
    /// <summary>How long <see cref="DisposeAsync"/> waits for callbacks that ignore cancellation, unless told otherwise.</summary>
    public static readonly TimeSpan DefaultStopPatience = TimeSpan.FromSeconds(5);

    // How long to pause accepting when the process is out of sockets, instead of spinning until connections close.
    private static readonly TimeSpan ExhaustedPause = TimeSpan.FromMilliseconds(50);

    private readonly IReadOnlyList<Socket> _listeners;
    private readonly Func<Socket, CancellationToken, Task> _serve;
    private readonly TimeSpan _stopPatience;
    private readonly ConnectionLimiter? _limiter;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private readonly Task[] _acceptLoops;
    private int _disposed;

    private TcpAcceptLoop(ListenAddress address, IReadOnlyList<Socket> listeners, Func<Socket, CancellationToken, Task> serve, TimeSpan stopPatience, ConnectionLimiter? limiter)
    {
        Address = address;
        _listeners = listeners;
        _serve = serve;
        _stopPatience = stopPatience;
        _limiter = limiter;
        Port = ((IPEndPoint)listeners[0].LocalEndPoint!).Port;
        _acceptLoops = [.. listeners.Select(listener => Task.Run(() => AcceptAsync(listener)))];
    }

    /// <summary>What the server was told to listen on.</summary>
    public ListenAddress Address { get; }

    /// <summary>What a listening line prints (<see cref="ListenAddress.Host"/>).</summary>
    public string Host => Address.Host;

    /// <summary>The port bound on every address (the OS's choice when asked for 0).</summary>
    public int Port { get; }

    /// <summary>Connections whose callback has not returned yet.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>
    /// Binds <paramref name="address"/> on <paramref name="port"/> (0 = any free port) and starts accepting;
    /// <paramref name="serve"/> gets each connection and a token cancelled when the loop stops, and the connection
    /// ends when the task it returns completes. <paramref name="limiter"/>, when given, admits each connection first.
    /// Throws <see cref="SocketException"/> when the address cannot be bound.
    /// </summary>
    public static TcpAcceptLoop Start(ListenAddress address, int port, Func<Socket, CancellationToken, Task> serve, TimeSpan? stopPatience = null, ConnectionLimiter? limiter = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(serve);
        var listeners = address.Listen(port);
        return new TcpAcceptLoop(address, listeners, serve, stopPatience ?? DefaultStopPatience, limiter);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        // No connection is accepted after this, so none is missed below.
        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        var open = _connections.ToArray();
        foreach (var (socket, _) in open)
        {
            socket.Dispose();
        }

        var served = Task.WhenAll(open.Select(c => c.Value));
        try
        {
            await served.WaitAsync(_stopPatience).ConfigureAwait(false);
        }
        catch
        {
            // A callback's failure was its connection's alone; one still running past the patience is left behind.
        }

        if (served.IsCompleted)
        {
            // Callbacks still running hold the token; the source is only disposed once none can ask for it.
            _stopping.Dispose();
        }
    }

    private async Task AcceptAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                // A connection that failed while being accepted concerns no one else; out of sockets, wait for some.
                if (e is SocketException { SocketErrorCode: SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable })
                {
                    await Task.Delay(ExhaustedPause, CancellationToken.None).ConfigureAwait(false);
                }

                continue;
            }

            ConnectionLease? lease = null;
            if (_limiter is not null && (lease = _limiter.TryAdmit(RemoteEndPoint(socket))) is null)
            {
                // Over a limit (the limiter logged it): closed at once, so it holds no descriptor; nothing was read.
                socket.Dispose();
                continue;
            }

            Serve(socket, lease);
        }
    }

    // Null for a socket reset before it got here (its callback's first read says so).
    private static EndPoint? RemoteEndPoint(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private void Serve(Socket socket, ConnectionLease? lease)
    {
        try
        {
            socket.NoDelay = true;
        }
        catch (SocketException)
        {
            // Reset before it got here: the callback's first read says so.
        }

        var token = _stopping.Token;
        var served = Task.Run(() => _serve(socket, token), CancellationToken.None);
        _connections[socket] = served;
        _ = served.ContinueWith(
            static (task, state) =>
            {
                var (loop, socket, lease) = ((TcpAcceptLoop, Socket, ConnectionLease?))state!;
                _ = task.Exception; // observed: the connection's failure ends it and nothing else
                loop._connections.TryRemove(socket, out _);
                socket.Dispose();
                lease?.Dispose();
            },
            (this, socket, lease),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
