using System.Net.Sockets;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Rpyc.Objects;
using RpcLab.Transports.Rpyc.Protocol;

namespace RpcLab.Transports.Rpyc.Server;

/// <summary>
/// A TCP server of rpyc connections (the seam's <see cref="TcpAcceptLoop"/> on <see cref="ListenAddress"/>, as every
/// server binds <c>--host</c>), one <see cref="RpycConnection"/> per client, each with its own root (the services, or
/// an original project's service) and its own references. Like rpyc's ThreadedServer, a connection's requests are
/// served in order and connections are independent: a malformed frame closes its own connection, with a line in the
/// call log (method "-", as zeroRPC logs an unreadable message), and the others carry on. Disposing stops listening
/// and closes every connection.
/// </summary>
internal sealed class RpycServer : IRpcServer
{
    private readonly Func<ServerContext, LocalObject> _root;
    private readonly ServerContext _context;
    private readonly ServerOptions _options;
    private readonly RpycOptions _rpyc;
    private TcpAcceptLoop _loop = null!;

    private RpycServer(ServerContext context, Func<ServerContext, LocalObject> root, ServerOptions options, RpycOptions rpyc)
    {
        _context = context;
        _root = root;
        _options = options;
        _rpyc = rpyc;
        Limiter = new ConnectionLimiter(RpycTransport.TransportName, options);
    }

    /// <summary>The connection limits, counted at accept (for tests: <see cref="ConnectionLimiter.Refused"/>).</summary>
    public ConnectionLimiter Limiter { get; }

    public string Transport => RpycTransport.TransportName;

    public string Host => _loop.Host;

    public int Port => _loop.Port;

    /// <summary>How many connections are open (tests watch one close while the others stay).</summary>
    public int ConnectionCount => _loop.ConnectionCount;

    public static RpycServer Start(ServerContext context, Func<ServerContext, LocalObject> root, ServerOptions options, RpycOptions rpyc)
    {
        var server = new RpycServer(context, root, options, rpyc);
        server._loop = TcpAcceptLoop.Start(ListenAddress.Resolve(options.Host), options.Port, server.ServeAsync, limiter: server.Limiter);
        return server;
    }

    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        var peer = socket.RemoteEndPoint?.ToString() ?? "-";
        await using var connection = new RpycConnection(new NetworkStream(socket, ownsSocket: true), new ConnectionSettings
        {
            Root = _root(_context),
            Peer = peer,
            MaxMessageSize = _options.MaxMessageSize,
            MaxReferences = _rpyc.MaxReferencesPerConnection,
            Sequential = true,
            ProtocolLog = (status, detail) => _context.Log("-", status, TimeSpan.Zero, peer, detail),
        });
        connection.Start();
        await connection.Closed.WaitAsync(stopping).ConfigureAwait(false);
    }

    /// <summary>The one call log of the server's objects: escapes nothing itself, as <see cref="CallRecord"/> readers escape.</summary>
    public static Action<string, RpcStatusCode, TimeSpan, string, string?> CallLog(ServerOptions options) =>
        (method, status, elapsed, peer, detail) => options.CallLog?.Invoke(new CallRecord(RpycTransport.TransportName, method, status, elapsed, peer, detail));
}
