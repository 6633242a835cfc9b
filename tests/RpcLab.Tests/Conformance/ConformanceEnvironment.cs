using System.Collections.Concurrent;
using RpcLab.Services;
using RpcLab.Services.Contracts;
using RpcLab.Tests.Infrastructure;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Conformance;

/// <summary>
/// One server of the named transport on port 0 over fresh in-memory services, and a client connected
/// to it (a <see cref="TestServer"/> with the limits every conformance test assumes). The echo service is
/// observed (<see cref="ObservedEcho"/>) so tests can see what the server side of a call experienced.
/// Disposing stops the client, the server and the services.
/// </summary>
public sealed class ConformanceEnvironment : IAsyncDisposable
{
    public const int MaxMessageSize = 1024 * 1024;

    private readonly TestServer _server;

    private ConformanceEnvironment(TestServer server) => _server = server;

    public IRpcClient Client => _server.Client;

    /// <summary>The client's view of the services.</summary>
    public ServiceSet Services => Client.Services;

    /// <summary>The calls the server logged (<see cref="ServerOptions.CallLog"/>), in the order they finished.</summary>
    public ConcurrentQueue<CallRecord> ServerCalls => _server.Calls;

    /// <summary>The logged calls once <paramref name="count"/> of them match (see <see cref="TestServer.WaitForCallsAsync"/>).</summary>
    public Task<CallRecord[]> WaitForServerCallsAsync(Func<CallRecord, bool> match, int count) => _server.WaitForCallsAsync(match, count);

    /// <summary>What the server's echo service saw.</summary>
    public ObservedEcho ServerEcho => _server.Echo;

    /// <summary>The files folder of the server's file service, to put in what a local user would (a FIFO, a link).</summary>
    public string ServerFilesFolder => _server.FilesDirectory;

    /// <summary>The environment every conformance test assumes: a 16 MiB file limit, 16 queued jobs, 1 MiB messages.</summary>
    public static Task<ConformanceEnvironment> StartAsync(string transportName, CancellationToken cancellationToken = default) =>
        StartAsync(transportName, new ServiceOptions { MaxFileSize = 16 * 1024 * 1024, MaxQueuedJobs = 16 }, MaxMessageSize, cancellationToken);

    /// <summary>An environment with other services' options and message limit, for a test of those limits.</summary>
    public static async Task<ConformanceEnvironment> StartAsync(string transportName, ServiceOptions services, int maxMessageSize, CancellationToken cancellationToken = default) =>
        new(await TestServer.StartAsync(
            transportName,
            new TestServerOptions
            {
                Services = services,
                Server = new ServerOptions { MaxMessageSize = maxMessageSize },
                Client = new ClientOptions { MaxMessageSize = maxMessageSize },
            },
            cancellationToken));

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
