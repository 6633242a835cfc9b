using RpcLab.Services;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;

namespace RpcLab.Bench.Harness;

/// <summary>
/// A server of one transport and a client connected to it, in the benchmark's process, started in a global
/// setup so that no benchmark measures a start. Messages may be as large as the biggest benchmark needs
/// (10M ints each way). Not thread-safe to start or dispose; <see cref="Services"/> is thread-safe.
/// </summary>
public sealed class BenchServer : IAsyncDisposable
{
    /// <summary>Room for two arrays of 10M ints and their 10M sums in any encoding the transports use.</summary>
    public const int MaxMessageSize = 1024 * 1024 * 1024;

    private readonly ServiceHost _host;
    private readonly IRpcServer _server;
    private readonly IRpcClient _client;

    private BenchServer(ServiceHost host, IRpcServer server, IRpcClient client)
    {
        _host = host;
        _server = server;
        _client = client;
    }

    /// <summary>The client's proxies of the five services.</summary>
    public ServiceSet Services => _client.Services;

    public static async Task<BenchServer> StartAsync(IRpcTransport transport, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var host = ServiceHost.Create(new ServiceOptions { MaxParallelism = 64 });
        IRpcServer? server = null;
        try
        {
            server = await transport.StartServerAsync(host.Services, new ServerOptions { MaxMessageSize = MaxMessageSize }, cancellationToken).ConfigureAwait(false);
            var client = await transport.ConnectAsync(new ClientOptions { Host = server.Host, Port = server.Port, MaxMessageSize = MaxMessageSize }, cancellationToken).ConfigureAwait(false);
            return new BenchServer(host, server, client);
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }

            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync().ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
        await _host.DisposeAsync().ConfigureAwait(false);
    }
}
