using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using RpcLab.Composition;
using RpcLab.Services;
using RpcLab.Services.Contracts;
using RpcLab.Tests.Conformance;
using RpcLab.Tests.Services;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Infrastructure;

/// <summary>
/// The one way tests start a server: a transport's server on port 0 over fresh services (see
/// <see cref="TestServerOptions"/>), whose echo service is observed (<see cref="Echo"/>) and whose call log
/// is captured (<see cref="Calls"/>), and optionally a client connected to it. Disposing stops everything it
/// started, newest first, each even when another fails to stop; a start that fails stops what it had
/// started. Thread-safe to use; dispose once.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly Stack<Func<ValueTask>> _started;
    private readonly IRpcClient? _client;

    private TestServer(IRpcTransport transport, IRpcServer server, ServiceSet services, ObservedEcho echo, ConcurrentQueue<CallRecord> calls, IRpcClient? client, Stack<Func<ValueTask>> started)
    {
        Transport = transport;
        Server = server;
        Services = services;
        Echo = echo;
        Calls = calls;
        _client = client;
        _started = started;
    }

    public IRpcTransport Transport { get; }

    public IRpcServer Server { get; }

    public string Host => Server.Host;

    public int Port => Server.Port;

    /// <summary>The implementations the server exposes, to check a client's effect directly.</summary>
    public ServiceSet Services { get; }

    /// <summary>What the server's echo service saw.</summary>
    public ObservedEcho Echo { get; }

    /// <summary>The folder the server's file service stores its files in (<see cref="ServiceHost.FilesDirectory"/>).</summary>
    public string FilesDirectory { get; private init; } = string.Empty;

    /// <summary>The calls the server logged (<see cref="ServerOptions.CallLog"/>), in the order they finished.</summary>
    public ConcurrentQueue<CallRecord> Calls { get; }

    /// <summary>The client connected at start (<see cref="TestServerOptions.Client"/>); disposed with the server.</summary>
    public IRpcClient Client => _client ?? throw new InvalidOperationException("this test server was started without TestServerOptions.Client");

    public static Task<TestServer> StartAsync(string transportName, TestServerOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(TransportRegistry.Get(transportName), options, cancellationToken);

    public static async Task<TestServer> StartAsync(IRpcTransport transport, TestServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TestServerOptions();
        var started = new Stack<Func<ValueTask>>();
        try
        {
            var serviceOptions = options.Services;
            if (options.FreshDataDirectory)
            {
                var folder = new TempFolder();
                started.Push(() =>
                {
                    folder.Dispose();
                    return ValueTask.CompletedTask;
                });
                serviceOptions = serviceOptions with { DataDirectory = folder.Path };
            }

            var host = ServiceHost.Create(serviceOptions);
            started.Push(host.DisposeAsync);
            var exposed = options.Decorate?.Invoke(host.Services) ?? host.Services;
            var echo = new ObservedEcho(exposed.Echo);
            exposed = exposed with { Echo = echo };
            var calls = new ConcurrentQueue<CallRecord>();
            var log = options.Server.CallLog;
            var server = await transport.StartServerAsync(
                exposed,
                options.Server with { Port = 0, CallLog = record => { calls.Enqueue(record); log?.Invoke(record); } },
                cancellationToken);
            started.Push(server.DisposeAsync);
            IRpcClient? client = null;
            if (options.Client is { } clientOptions)
            {
                client = await transport.ConnectAsync(clientOptions with { Host = server.Host, Port = server.Port }, cancellationToken);
                started.Push(client.DisposeAsync);
            }

            return new TestServer(transport, server, exposed, echo, calls, client, started) { FilesDirectory = host.FilesDirectory };
        }
        catch
        {
            await StopAllAsync(started);
            throw;
        }
    }

    /// <summary>Another client of this server, owned by the caller.</summary>
    public Task<IRpcClient> ConnectAsync(ClientOptions? options = null, CancellationToken cancellationToken = default) =>
        Transport.ConnectAsync((options ?? new ClientOptions()) with { Host = Host, Port = Port }, cancellationToken);

    /// <summary>
    /// Waits until the server has logged <paramref name="count"/> calls that match, and returns all logged calls.
    /// A server logs a call just after its last byte has left, so a test that already has its answer may
    /// still have to wait for the record. Bounded: after <paramref name="patience"/> (default 20 s) it returns
    /// what there is, and the test's own assertion reports the difference.
    /// </summary>
    public async Task<CallRecord[]> WaitForCallsAsync(Func<CallRecord, bool> match, int count = 1, TimeSpan? patience = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? TimeSpan.FromSeconds(20));
        while (Calls.Count(match) < count && !timeout.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None);
        }

        return [.. Calls];
    }

    public ValueTask DisposeAsync() => StopAllAsync(_started);

    private static async ValueTask StopAllAsync(Stack<Func<ValueTask>> started)
    {
        ExceptionDispatchInfo? first = null;
        while (started.TryPop(out var stop))
        {
            try
            {
                await stop();
            }
            catch (Exception e)
            {
                first ??= ExceptionDispatchInfo.Capture(e);
            }
        }

        first?.Throw();
    }
}
