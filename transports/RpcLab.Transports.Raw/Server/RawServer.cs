using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Raw.Server;

/// <summary>
/// A TCP listener serving a <see cref="IProcedureTable"/>: every accepted connection gets its own read loop
/// (<see cref="ServerConnection"/>), so whatever one client does (garbage, a huge frame, a stall, an endless
/// procedure) ends or slows that connection only. Binds what <see cref="ListenAddress"/> makes of its host (loopback by default).
/// Connections over the limits (<see cref="ConnectionLimiter"/>) are closed as soon as they are accepted; a frame that
/// takes longer than the message timeout, or a connection idle for the idle timeout, is closed and logged.
/// Thread-safe; dispose once.
/// </summary>
public sealed class RawServer : IRpcServer
{
    private readonly IReadOnlyList<Socket> _listeners;
    private readonly ConcurrentDictionary<ServerConnection, bool> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _acceptLoops;

    private RawServer(ListenAddress address, IReadOnlyList<Socket> listeners, IProcedureTable table, ServerOptions options, RawOptions raw, IServerObserver? observer)
    {
        _listeners = listeners;
        Host = address.Host;
        Table = table;
        Options = options;
        Raw = raw;
        Observer = observer;
        Limiter = new ConnectionLimiter(RawTransport.TransportName, options);
        Timeouts = new ConnectionTimeouts(RawTransport.TransportName, options);
        Port = ((IPEndPoint)listeners[0].LocalEndPoint!).Port;
        _acceptLoops = [.. listeners.Select(listener => Task.Run(() => AcceptLoopAsync(listener)))];
    }

    public string Transport => RawTransport.TransportName;

    /// <summary>What the listening line prints for <see cref="ServerOptions.Host"/> (<see cref="ListenAddress.Host"/>).</summary>
    public string Host { get; }

    public int Port { get; }

    /// <summary>Connections currently open.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>The connection limits, asked by the accept loop (for tests: <see cref="ConnectionLimiter.Refused"/>).</summary>
    public ConnectionLimiter Limiter { get; }

    /// <summary>The idle timeout of every connection (the frame reader keeps the message timeout itself).</summary>
    internal ConnectionTimeouts Timeouts { get; }

    /// <summary>
    /// How long one frame may take from its first byte to its last when reading: the shorter of the toolkit's stall
    /// timeout and the server's message timeout (both say the same thing; either may be infinite).
    /// </summary>
    internal TimeSpan ReadTimeout => Raw.StallTimeout == Timeout.InfiniteTimeSpan ? Options.MessageTimeout
        : Options.MessageTimeout == Timeout.InfiniteTimeSpan ? Raw.StallTimeout
        : TimeSpan.FromTicks(Math.Min(Raw.StallTimeout.Ticks, Options.MessageTimeout.Ticks));

    internal IProcedureTable Table { get; }

    internal ServerOptions Options { get; }

    internal RawOptions Raw { get; }

    internal IServerObserver? Observer { get; }

    /// <summary>Starts listening on <see cref="ServerOptions.Host"/>:<see cref="ServerOptions.Port"/> (0 = any free port).</summary>
    public static RawServer Start(IProcedureTable table, ServerOptions options, RawOptions? raw = null, IServerObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        // Which addresses --host means is the seam's one policy; accepting on them is this lab's own code, below.
        var address = ListenAddress.Resolve(options.Host);
        var listeners = address.Listen(options.Port);
        return new RawServer(address, listeners, table, options, raw ?? RawOptions.Default, observer);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        await Task.WhenAll(_connections.Keys.Select(c => c.StopAsync())).ConfigureAwait(false);
        Timeouts.Dispose();
    }

    internal void OnCallFinished(RawCallRecord record)
    {
        Observer?.CallFinished(record);
        if (Options.CallLog is { } log)
        {
            log(new CallRecord(
                Transport,
                $"{record.Service}.{record.Rpc}",
                record.Failure?.Status ?? RpcStatusCode.OK,
                record.Elapsed,
                record.Peer,
                record.Failure is { } failure ? $"{failure.TypeName}: {failure.Detail}{(RpcErrors.UnexpectedCause(failure.Status, failure.Detail, failure.InnerException) is { } cause ? $" ({cause})" : string.Empty)}" : null));
        }
    }

    internal void OnConnectionClosed(ServerConnection connection, string? reason)
    {
        _connections.TryRemove(connection, out _);
        Observer?.ConnectionClosed(connection.Peer, reason);
    }

    /// <summary>A line in the call log for what concerns a connection rather than a call (a refused message, a stalled frame).</summary>
    internal void LogConnection(string peer, RpcStatusCode status, string detail) =>
        Options.CallLog?.Invoke(new CallRecord(Transport, "-", status, TimeSpan.Zero, peer, detail));

    // Hand-written on purpose, not the seam's TcpAcceptLoop: an accept loop is part of what the raw-socket lab teaches.
    private async Task AcceptLoopAsync(Socket listener)
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

                // A connection that failed while being accepted concerns no one else.
                continue;
            }

            // The same limits as every server (the seam's ConnectionLimiter): over them, closed before a byte is read.
            if (Limiter.TryAdmit(socket.RemoteEndPoint) is not { } lease)
            {
                socket.Dispose();
                continue;
            }

            socket.NoDelay = true;
            var connection = new ServerConnection(this, socket, lease);
            _connections[connection] = true;
            connection.Start();
        }
    }
}
