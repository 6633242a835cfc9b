using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Raw.Server;

/// <summary>
/// A TCP listener serving a <see cref="IProcedureTable"/>: every accepted connection gets its own read loop
/// (<see cref="ServerConnection"/>), so whatever one client does (garbage, a huge frame, a stall, an endless
/// procedure) ends or slows that connection only. Binds what <see cref="ListenAddress"/> makes of its host (loopback by default).
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
        Port = ((IPEndPoint)listeners[0].LocalEndPoint!).Port;
        _acceptLoops = [.. listeners.Select(listener => Task.Run(() => AcceptLoopAsync(listener)))];
    }

    public string Transport => RawTransport.TransportName;

    /// <summary>What the listening line prints for <see cref="ServerOptions.Host"/> (<see cref="ListenAddress.Host"/>).</summary>
    public string Host { get; }

    public int Port { get; }

    /// <summary>Connections currently open.</summary>
    public int ConnectionCount => _connections.Count;

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
                record.Failure is { } failure ? $"{failure.TypeName}: {failure.Detail}" : null));
        }
    }

    internal void OnConnectionClosed(ServerConnection connection, string? reason)
    {
        _connections.TryRemove(connection, out _);
        Observer?.ConnectionClosed(connection.Peer, reason);
    }

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

            socket.NoDelay = true;
            var connection = new ServerConnection(this, socket);
            _connections[connection] = true;
            connection.Start();
        }
    }
}
