using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Raw.Server;

/// <summary>
/// A TCP listener serving a <see cref="IProcedureTable"/>: every accepted connection gets its own read loop
/// (<see cref="ServerConnection"/>), so whatever one client does (garbage, a huge frame, a stall, an endless
/// procedure) ends or slows that connection only. Binds the address it is given (loopback by default).
/// Thread-safe; dispose once.
/// </summary>
public sealed class RawServer : IRpcServer
{
    private readonly TcpListener _listener;
    private readonly ConcurrentDictionary<ServerConnection, bool> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;

    private RawServer(TcpListener listener, IProcedureTable table, ServerOptions options, RawOptions raw, IServerObserver? observer)
    {
        _listener = listener;
        Table = table;
        Options = options;
        Raw = raw;
        Observer = observer;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public string Transport => RawTransport.TransportName;

    public string Host => Options.Host;

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
        var address = IPAddress.TryParse(options.Host, out var parsed)
            ? parsed
            : Dns.GetHostAddresses(options.Host).OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).First();
        var listener = new TcpListener(address, options.Port);
        listener.Start();
        return new RawServer(listener, table, options, raw ?? RawOptions.Default, observer);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
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

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
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
