using System.Net.Sockets;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.JsonRpc.Compliance;

namespace RpcLab.Transports.JsonRpc.Server;

/// <summary>
/// A TCP server (the seam's <see cref="TcpAcceptLoop"/> on <see cref="ListenAddress"/>) whose every connection is
/// StreamJsonRpc (<see cref="ServerJsonRpc"/>) over the spec-compliance handler, serving the <see cref="ServerMethods"/>.
/// A connection that sends garbage or vanishes ends alone; the others keep being served. Connections over the limits
/// are closed at accept (<see cref="ConnectionLimiter"/>); one that takes too long over a message or sits idle is
/// closed by its <see cref="ConnectionClock"/>. Thread-safe.
/// </summary>
internal sealed class JsonRpcServer : IRpcServer
{
    private readonly ServiceSet _services;
    private readonly ServerOptions _options;
    private readonly JsonRpcOptions _jsonRpc;
    private readonly ConnectionTimeouts _timeouts;
    private TcpAcceptLoop _loop = null!;

    private JsonRpcServer(ServiceSet services, ServerOptions options, JsonRpcOptions jsonRpc)
    {
        _services = services;
        _options = options;
        _jsonRpc = jsonRpc;
        Limiter = new ConnectionLimiter(TransportName, options);
        _timeouts = new ConnectionTimeouts(TransportName, options);
    }

    private const string TransportName = "jsonrpc";

    public string Transport => TransportName;

    public string Host => _loop.Host;

    public int Port => _loop.Port;

    /// <summary>Connections currently open (for tests).</summary>
    public int ConnectionCount => _loop.ConnectionCount;

    /// <summary>The connection limits, counted at accept (for tests: <see cref="ConnectionLimiter.Refused"/>).</summary>
    public ConnectionLimiter Limiter { get; }

    public static JsonRpcServer Start(ServiceSet services, ServerOptions options, JsonRpcOptions jsonRpc)
    {
        var server = new JsonRpcServer(services, options, jsonRpc);
        try
        {
            server._loop = TcpAcceptLoop.Start(ListenAddress.Resolve(options.Host), options.Port, server.ServeAsync, limiter: server.Limiter);
        }
        catch
        {
            server._timeouts.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>Stops listening and closes every connection; methods in flight are cancelled and waited for briefly.</summary>
    public async ValueTask DisposeAsync()
    {
        await _loop.DisposeAsync().ConfigureAwait(false);
        _timeouts.Dispose();
    }

    private async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        var peer = socket.RemoteEndPoint?.ToString();
        SpecComplianceHandler? handler = null;

        // A peer that takes too long over a message, or sits idle, is closed under the reader's feet: its read fails.
        using var clock = _timeouts.Watch(peer, () => handler?.Busy == true, socket.Dispose);
        handler = new SpecComplianceHandler(
            new NetworkStream(socket, ownsSocket: true),
            new HandlerOptions(_jsonRpc.Framer, _options.MaxMessageSize, _jsonRpc.MaxConcurrentRequests, _jsonRpc.MaxBatchSize, _jsonRpc.HalfCloseGrace, peer, _options.CallLog, WireTap: null, clock),
            JsonRpcSerialization.CreateFormatter());
        using var rpc = new ServerJsonRpc(handler, _jsonRpc.MaxConcurrentRequests);
        ServerMethods.Register(rpc, _services, _jsonRpc.ServeSpecExamples);
        using (stopping.Register(static state => ((ServerJsonRpc)state!).Dispose(), rpc))
        {
            rpc.StartListening();
            await rpc.Completion.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
        }

        if (stopping.IsCancellationRequested)
        {
            // The server stops: its methods in flight were cancelled; wait for them (the loop bounds the wait), so the
            // services are not disposed under their feet.
            await rpc.DispatchCompletion.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
        }
    }
}
