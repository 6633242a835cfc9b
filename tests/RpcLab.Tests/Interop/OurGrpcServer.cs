using RpcLab.Services.Contracts;
using RpcLab.Tests.Conformance;
using RpcLab.Tests.Infrastructure;
using RpcLab.Transports.Grpc;

namespace RpcLab.Tests.Interop;

/// <summary>
/// RpcLab's own gRPC server, in process, on a port the OS chooses, over real services with a fresh
/// data folder (so the seeded user "1" exists, as the original clients expect): a <see cref="TestServer"/>
/// under the names the peers' tests use. Disposing it stops the server and deletes the folder. Not
/// thread-safe to dispose twice concurrently.
/// </summary>
public sealed class OurGrpcServer : IAsyncDisposable
{
    private readonly TestServer _server;

    private OurGrpcServer(TestServer server) => _server = server;

    /// <summary>The implementations behind the server, to check a foreign client's effect directly.</summary>
    public ServiceSet Services => _server.Services;

    /// <summary>What the server's echo handlers experienced, to see that a foreign client's deadline reached the server.</summary>
    public ObservedEcho ServerEcho => _server.Echo;

    public int Port => _server.Port;

    /// <summary>host:port, as the peers' --target wants it.</summary>
    public string Target => $"{_server.Host}:{_server.Port}";

    public static async Task<OurGrpcServer> StartAsync() =>
        new(await TestServer.StartAsync(new GrpcTransport(), new TestServerOptions { FreshDataDirectory = true }));

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
