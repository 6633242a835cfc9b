using System.Collections.Concurrent;
using RpcLab.Labs;
using RpcLab.Services;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Conformance;

/// <summary>
/// One server of the named transport on port 0 over fresh in-memory services, and a client connected
/// to it. The echo service is observed (<see cref="ObservedEcho"/>) so tests can see what the server
/// side of a call experienced. Disposing stops the client, the server and the services.
/// </summary>
public sealed class ConformanceEnvironment : IAsyncDisposable
{
    public const int MaxMessageSize = 1024 * 1024;

    private readonly ServiceHost _host;
    private readonly IRpcServer _server;

    private ConformanceEnvironment(ServiceHost host, ObservedEcho echo, IRpcServer server, IRpcClient client, ConcurrentQueue<CallRecord> calls)
    {
        _host = host;
        ServerCalls = calls;
        ServerEcho = echo;
        _server = server;
        Client = client;
    }

    public IRpcClient Client { get; }

    /// <summary>The client's view of the services.</summary>
    public ServiceSet Services => Client.Services;

    /// <summary>The calls the server logged (<see cref="ServerOptions.CallLog"/>), in the order they finished.</summary>
    public ConcurrentQueue<CallRecord> ServerCalls { get; }

    /// <summary>What the server's echo service saw.</summary>
    public ObservedEcho ServerEcho { get; }

    public static async Task<ConformanceEnvironment> StartAsync(string transportName, CancellationToken cancellationToken = default)
    {
        var transport = TransportRegistry.Get(transportName);
        var host = ServiceHost.Create(new ServiceOptions { MaxFileSize = 16 * 1024 * 1024, MaxQueuedJobs = 16 });
        IRpcServer? server = null;
        try
        {
            var echo = new ObservedEcho(host.Services.Echo);
            var calls = new ConcurrentQueue<CallRecord>();
            server = await transport.StartServerAsync(
                host.Services with { Echo = echo },
                new ServerOptions { Port = 0, MaxMessageSize = MaxMessageSize, CallLog = calls.Enqueue },
                cancellationToken);
            var client = await transport.ConnectAsync(
                new ClientOptions { Host = server.Host, Port = server.Port, MaxMessageSize = MaxMessageSize },
                cancellationToken);
            return new ConformanceEnvironment(host, echo, server, client, calls);
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            await host.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Client.DisposeAsync();
        }
        finally
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
}
