using RpcLab.Services;
using RpcLab.Services.Contracts;
using RpcLab.Tests.Conformance;
using RpcLab.Tests.Services;
using RpcLab.Transports.Grpc;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Interop;

/// <summary>
/// RpcLab's own gRPC server, in process, on a port the OS chooses, over real services with a fresh
/// data folder (so the seeded user "1" exists, as the original clients expect). Disposing it stops the
/// server and deletes the folder. Not thread-safe to dispose twice concurrently.
/// </summary>
public sealed class OurGrpcServer : IAsyncDisposable
{
    private readonly ServiceHost _host;
    private readonly IRpcServer _server;
    private readonly TempFolder _dataDirectory;

    private OurGrpcServer(ServiceHost host, ObservedEcho echo, IRpcServer server, TempFolder dataDirectory)
    {
        _host = host;
        ServerEcho = echo;
        _server = server;
        _dataDirectory = dataDirectory;
    }

    /// <summary>The implementations behind the server, to check a foreign client's effect directly.</summary>
    public ServiceSet Services => _host.Services;

    /// <summary>What the server's echo handlers experienced, to see that a foreign client's deadline reached the server.</summary>
    public ObservedEcho ServerEcho { get; }

    public int Port => _server.Port;

    /// <summary>host:port, as the peers' --target wants it.</summary>
    public string Target => $"{_server.Host}:{_server.Port}";

    public static async Task<OurGrpcServer> StartAsync()
    {
        var dataDirectory = new TempFolder();
        ServiceHost? host = null;
        try
        {
            host = ServiceHost.Create(new ServiceOptions { DataDirectory = dataDirectory.Path });
            var echo = new ObservedEcho(host.Services.Echo);
            var server = await new GrpcTransport().StartServerAsync(host.Services with { Echo = echo }, new ServerOptions { Host = "127.0.0.1", Port = 0 });
            return new OurGrpcServer(host, echo, server, dataDirectory);
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            dataDirectory.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _server.DisposeAsync();
        }
        finally
        {
            await _host.DisposeAsync();
            _dataDirectory.Dispose();
        }
    }
}
