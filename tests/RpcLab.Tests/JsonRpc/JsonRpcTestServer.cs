using System.Collections.Concurrent;
using RpcLab.Services.Contracts;
using RpcLab.Tests.Conformance;
using RpcLab.Tests.Infrastructure;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.JsonRpc;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// A JSON-RPC server on 127.0.0.1 port 0 over fresh in-memory services, with an observed echo service
/// and the server's call log (a <see cref="TestServer"/> that knows its <see cref="JsonRpcTransport"/>'s
/// options, for raw sockets). Disposing stops the server and the services.
/// </summary>
public sealed class JsonRpcTestServer : IAsyncDisposable
{
    private readonly TestServer _server;

    private JsonRpcTestServer(TestServer server, JsonRpcTransport transport)
    {
        _server = server;
        Transport = transport;
    }

    public int Port => _server.Port;

    public ObservedEcho Echo => _server.Echo;

    public JsonRpcTransport Transport { get; }

    /// <summary>Every call the server logged, in the order they finished.</summary>
    public ConcurrentQueue<CallRecord> Calls => _server.Calls;

    /// <summary>The logged calls once one matching <paramref name="match"/> is among them (see <see cref="TestServer.WaitForCallsAsync"/>).</summary>
    public Task<CallRecord[]> WaitForCallAsync(Func<CallRecord, bool> match) => _server.WaitForCallsAsync(match);

    public static async Task<JsonRpcTestServer> StartAsync(JsonRpcOptions? options = null, int maxMessageSize = RpcLimits.DefaultMaxMessageSize, Func<ServiceSet, ServiceSet>? decorate = null)
    {
        var transport = new JsonRpcTransport(options);
        var server = await TestServer.StartAsync(transport, new TestServerOptions { Server = new ServerOptions { MaxMessageSize = maxMessageSize }, Decorate = decorate });
        return new JsonRpcTestServer(server, transport);
    }

    /// <summary>A raw socket to this server, framed as the server expects.</summary>
    public Task<RawJsonRpcSocket> ConnectRawAsync() => RawJsonRpcSocket.ConnectAsync(Port, Transport.Options.Framing);

    /// <summary>A typed client of this server.</summary>
    public Task<IRpcClient> ConnectClientAsync(CallOptions? defaults = null, int maxMessageSize = RpcLimits.DefaultMaxMessageSize, Action<WireDirection, ReadOnlyMemory<byte>>? wireTap = null) =>
        _server.ConnectAsync(new ClientOptions { DefaultCall = defaults ?? CallOptions.Default, MaxMessageSize = maxMessageSize, WireTap = wireTap });

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
