using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Rpyc.Objects;
using RpcLab.Transports.Rpyc.Protocol;

namespace RpcLab.Transports.Rpyc.Server;

/// <summary>
/// A TCP server of rpyc connections, one <see cref="RpycConnection"/> per client, each with its own root (the
/// services, or an original project's service) and its own references. Like rpyc's ThreadedServer, a connection's
/// requests are served in order and connections are independent: a malformed frame closes its own connection, with a
/// line in the call log (method "-", as zeroRPC logs an unreadable message), and the others carry on. Disposing stops listening and closes every connection.
/// </summary>
internal sealed class RpycServer : IRpcServer
{
    private readonly TcpListener _listener;
    private readonly Func<ServerContext, LocalObject> _root;
    private readonly ServerContext _context;
    private readonly ServerOptions _options;
    private readonly RpycOptions _rpyc;
    private readonly ConcurrentDictionary<RpycConnection, byte> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private RpycServer(TcpListener listener, ServerContext context, Func<ServerContext, LocalObject> root, ServerOptions options, RpycOptions rpyc)
    {
        _listener = listener;
        _context = context;
        _root = root;
        _options = options;
        _rpyc = rpyc;
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        Host = options.Host;
        Port = endpoint.Port;
        _accepting = Task.Run(AcceptLoopAsync);
    }

    public string Transport => RpycTransport.TransportName;

    public string Host { get; }

    public int Port { get; }

    /// <summary>How many connections are open (tests watch one close while the others stay).</summary>
    public int ConnectionCount => _connections.Count;

    public static RpycServer Start(ServerContext context, Func<ServerContext, LocalObject> root, ServerOptions options, RpycOptions rpyc)
    {
        var address = options.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Host);
        var listener = new TcpListener(address, options.Port);
        listener.Start();
        return new RpycServer(listener, context, root, options, rpyc);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        await Task.WhenAll(_connections.Keys.Select(c => c.CloseAsync(null).AsTask())).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // one failed accept (the peer gave up) ends nothing
            }

            socket.NoDelay = true;
            var peer = socket.RemoteEndPoint?.ToString() ?? "-";
            var connection = new RpycConnection(new NetworkStream(socket, ownsSocket: true), new ConnectionSettings
            {
                Root = _root(_context),
                Peer = peer,
                MaxMessageSize = _options.MaxMessageSize,
                MaxReferences = _rpyc.MaxReferencesPerConnection,
                Sequential = true,
                ProtocolLog = (status, detail) => _context.Log("-", status, TimeSpan.Zero, peer, detail),
            });
            _connections[connection] = 0;
            _ = connection.Closed.ContinueWith(_ => _connections.TryRemove(connection, out byte _), TaskScheduler.Default);
            connection.Start();
        }
    }

    /// <summary>The one call log of the server's objects: escapes nothing itself, as <see cref="CallRecord"/> readers escape.</summary>
    public static Action<string, RpcStatusCode, TimeSpan, string, string?> CallLog(ServerOptions options) =>
        (method, status, elapsed, peer, detail) => options.CallLog?.Invoke(new CallRecord(RpycTransport.TransportName, method, status, elapsed, peer, detail));
}
