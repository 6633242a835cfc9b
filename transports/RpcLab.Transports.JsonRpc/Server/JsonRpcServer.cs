using System.Net.Sockets;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.JsonRpc.Compliance;

namespace RpcLab.Transports.JsonRpc.Server;

/// <summary>
/// A TCP server (the seam's <see cref="TcpAcceptLoop"/> on <see cref="ListenAddress"/>) whose every connection is
/// StreamJsonRpc (<see cref="ServerJsonRpc"/>) over the spec-compliance handler, serving the <see cref="ServerMethods"/>.
/// A connection that sends garbage or vanishes ends alone; the others keep being served. Thread-safe.
/// </summary>
internal sealed class JsonRpcServer : IRpcServer
{
    private readonly ServiceSet _services;
    private readonly ServerOptions _options;
    private readonly JsonRpcOptions _jsonRpc;
    private TcpAcceptLoop _loop = null!;

    private JsonRpcServer(ServiceSet services, ServerOptions options, JsonRpcOptions jsonRpc)
    {
        _services = services;
        _options = options;
        _jsonRpc = jsonRpc;
    }

    public string Transport => "jsonrpc";

    public string Host => _loop.Host;

    public int Port => _loop.Port;

    /// <summary>Connections currently open (for tests).</summary>
    public int ConnectionCount => _loop.ConnectionCount;

    public static JsonRpcServer Start(ServiceSet services, ServerOptions options, JsonRpcOptions jsonRpc)
    {
        var server = new JsonRpcServer(services, options, jsonRpc);
        server._loop = TcpAcceptLoop.Start(ListenAddress.Resolve(options.Host), options.Port, server.ServeAsync);
        return server;
    }

    /// <summary>Stops listening and closes every connection; methods in flight are cancelled and waited for briefly.</summary>
    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        var handler = new SpecComplianceHandler(
            new NetworkStream(socket, ownsSocket: true),
            new HandlerOptions(_jsonRpc.Framer, _options.MaxMessageSize, _jsonRpc.MaxConcurrentRequests, _jsonRpc.MaxBatchSize, _jsonRpc.HalfCloseGrace, socket.RemoteEndPoint?.ToString(), _options.CallLog, WireTap: null),
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
