using System.Diagnostics;
using RpcLab.Network.Faults;
using RpcLab.Services;
using RpcLab.Transports.Hosting;

namespace RpcLab.Cli.Faults;

/// <summary>
/// A server of one transport in this process (port 0, a temporary data folder) behind a <see cref="FaultProxy"/>, with
/// clients that connect through the proxy: what <c>rpclab faults</c> and the proxy's transport tests put a fault under.
/// Faults are armed relative to what the proxy has seen, after the traffic has settled, since a request or reply is
/// counted by turns on the wire (an HTTP/2 handshake is a turn too). <see cref="LoseNextCreateReply"/> arms the proxy from
/// inside the server, when the create's work is done, so the reply lost is that create's on every wire.
/// Not thread-safe: one trial at a time.
/// </summary>
public sealed class FaultTrial : IAsyncDisposable
{
    // How long the proxy must see nothing new before the traffic counts as settled.
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly DirectoryInfo _data;
    private readonly ServiceHost _host;
    private readonly IRpcServer _server;
    private int _loseCreateReply;

    private FaultTrial(IRpcTransport transport, DirectoryInfo data, ServiceHost host, IRpcServer server, FaultProxy proxy)
    {
        Transport = transport;
        _data = data;
        _host = host;
        _server = server;
        Proxy = proxy;
    }

    public IRpcTransport Transport { get; }

    /// <summary>The proxy between the clients and the server.</summary>
    public FaultProxy Proxy { get; }

    /// <summary>Starts the server and the proxy (no fault yet).</summary>
    public static async Task<FaultTrial> StartAsync(IRpcTransport transport, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var data = Directory.CreateTempSubdirectory("rpclab-faults-");
        ServiceHost? host = null;
        IRpcServer? server = null;
        try
        {
            host = ServiceHost.Create(new ServiceOptions { DataDirectory = data.FullName });
            FaultTrial? trial = null;
            var services = host.Services with { Users = new HookedUsers(host.Services.Users, () => trial?.CreateDone()) };
            server = await transport.StartServerAsync(services, new ServerOptions { Host = "127.0.0.1", Port = 0 }, cancellationToken).ConfigureAwait(false);
            var proxy = await FaultProxy.StartAsync(new FaultProxyOptions { UpstreamHost = server.Host, UpstreamPort = server.Port }, cancellationToken).ConfigureAwait(false);
            trial = new FaultTrial(transport, data, host, server, proxy);
            return trial;
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }

            if (host is not null)
            {
                await host.DisposeAsync().ConfigureAwait(false);
            }

            data.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>A client of the transport connected through the proxy.</summary>
    public Task<IRpcClient> ConnectAsync(RetryOptions? retry, TimeSpan deadline, CancellationToken cancellationToken = default) =>
        Transport.ConnectAsync(new ClientOptions { Host = Proxy.Host, Port = Proxy.Port, Retry = retry, DefaultCall = new CallOptions { Timeout = deadline } }, cancellationToken);

    /// <summary>How many users named <paramref name="name"/> the server stores: how many times a create of it ran.</summary>
    public async Task<int> CountUsersAsync(string name, CancellationToken cancellationToken = default) =>
        (await _host.Services.Users.ListAsync(cancellationToken).ConfigureAwait(false)).Count(u => u.Name == name);

    /// <summary>Waits until the proxy has seen no new request or reply for a moment (or 5 s passed).</summary>
    public async Task SettleAsync(CancellationToken cancellationToken = default)
    {
        var patience = Stopwatch.StartNew();
        var seen = (Proxy.RequestsSeen, Proxy.RepliesSeen);
        var still = Stopwatch.StartNew();
        while (still.Elapsed < Quiet && patience.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(25, cancellationToken).ConfigureAwait(false);
            var now = (Proxy.RequestsSeen, Proxy.RepliesSeen);
            if (now != seen)
            {
                seen = now;
                still.Restart();
            }
        }
    }

    /// <summary>Scripts <paramref name="kind"/> (request-lost, reset, half-open) for the next request the proxy reads; settle first.</summary>
    public void FaultNextRequest(FaultKind kind) =>
        Proxy.Plan = Proxy.Plan with { Script = [.. Proxy.Plan.Script, new ScriptedFault(kind, Proxy.RequestsSeen + 1)] };

    /// <summary>The reply of the next create the server runs is lost (unframed: swallowed, then the connection reset).</summary>
    public void LoseNextCreateReply() => Volatile.Write(ref _loseCreateReply, 1);

    /// <summary>Removes every fault.</summary>
    public void Clear() => Proxy.Plan = FaultPlan.None;

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync().ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
        await _host.DisposeAsync().ConfigureAwait(false);
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temporary folder is the OS's to clean.
        }
    }

    // The create's work is done and its reply not sent: the next reply the proxy reads is the one to lose.
    private void CreateDone()
    {
        if (Interlocked.Exchange(ref _loseCreateReply, 0) == 1)
        {
            Proxy.Plan = Proxy.Plan with { Script = [.. Proxy.Plan.Script, new ScriptedFault(FaultKind.ReplyLost, Proxy.RepliesSeen + 1)] };
        }
    }
}
