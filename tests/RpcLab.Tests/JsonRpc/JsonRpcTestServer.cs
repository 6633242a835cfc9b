using System.Collections.Concurrent;
using RpcLab.Services;
using RpcLab.Tests.Conformance;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.JsonRpc;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// A JSON-RPC server on 127.0.0.1 port 0 over fresh in-memory services, with an observed echo service
/// and the server's call log. Disposing stops the server and the services.
/// </summary>
public sealed class JsonRpcTestServer : IAsyncDisposable
{
    private readonly ServiceHost _host;
    private readonly IRpcServer _server;

    private JsonRpcTestServer(ServiceHost host, IRpcServer server, ObservedEcho echo, JsonRpcTransport transport, ConcurrentQueue<CallRecord> calls)
    {
        _host = host;
        _server = server;
        Echo = echo;
        Transport = transport;
        Calls = calls;
    }

    public int Port => _server.Port;

    public ObservedEcho Echo { get; }

    public JsonRpcTransport Transport { get; }

    /// <summary>Every call the server logged, in the order they finished.</summary>
    public ConcurrentQueue<CallRecord> Calls { get; }

    public static async Task<JsonRpcTestServer> StartAsync(JsonRpcOptions? options = null, int maxMessageSize = RpcLimits.DefaultMaxMessageSize)
    {
        var transport = new JsonRpcTransport(options);
        var host = ServiceHost.Create(new ServiceOptions());
        var calls = new ConcurrentQueue<CallRecord>();
        try
        {
            var echo = new ObservedEcho(host.Services.Echo);
            var server = await transport.StartServerAsync(
                host.Services with { Echo = echo },
                new ServerOptions { Port = 0, MaxMessageSize = maxMessageSize, CallLog = calls.Enqueue });
            return new JsonRpcTestServer(host, server, echo, transport, calls);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>A raw socket to this server, framed as the server expects.</summary>
    public Task<RawJsonRpcSocket> ConnectRawAsync() => RawJsonRpcSocket.ConnectAsync(Port, Transport.Options.Framing);

    /// <summary>A typed client of this server.</summary>
    public async Task<IRpcClient> ConnectClientAsync(CallOptions? defaults = null, int maxMessageSize = RpcLimits.DefaultMaxMessageSize) =>
        await Transport.ConnectAsync(new ClientOptions { Port = Port, DefaultCall = defaults ?? CallOptions.Default, MaxMessageSize = maxMessageSize });

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _server.DisposeAsync();
        }
        finally
        {
            await _host.DisposeAsync();
        }
    }
}
