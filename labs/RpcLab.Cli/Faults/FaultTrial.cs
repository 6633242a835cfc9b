using System.Diagnostics;
using RpcLab.Composition;
using RpcLab.Network.Faults;
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

    private readonly ScratchServer _server;
    private int _loseCreateReply;

    private FaultTrial(ScratchServer server, FaultProxy proxy)
    {
        _server = server;
        Proxy = proxy;
    }

    public IRpcTransport Transport => _server.Transport;

    /// <summary>The proxy between the clients and the server.</summary>
    public FaultProxy Proxy { get; }

    /// <summary>Starts the server and the proxy (no fault yet).</summary>
    public static async Task<FaultTrial> StartAsync(IRpcTransport transport, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        FaultTrial? trial = null;
        var server = await ScratchServer.StartAsync(transport, configure: null, cancellationToken, services => services with { Users = new HookedUsers(services.Users, () => trial?.CreateDone()) }).ConfigureAwait(false);
        try
        {
            var proxy = await FaultProxy.StartAsync(new FaultProxyOptions { UpstreamHost = server.Server.Host, UpstreamPort = server.Server.Port }, cancellationToken).ConfigureAwait(false);
            trial = new FaultTrial(server, proxy);
            return trial;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A client of the transport connected through the proxy.</summary>
    public Task<IRpcClient> ConnectAsync(RetryOptions? retry, TimeSpan deadline, CancellationToken cancellationToken = default) =>
        Transport.ConnectAsync(new ClientOptions { Host = Proxy.Host, Port = Proxy.Port, Retry = retry, DefaultCall = new CallOptions { Timeout = deadline } }, cancellationToken);

    /// <summary>How many users named <paramref name="name"/> the server stores: how many times a create of it ran.</summary>
    public async Task<int> CountUsersAsync(string name, CancellationToken cancellationToken = default) =>
        (await _server.Services.Users.ListAsync(cancellationToken).ConfigureAwait(false)).Count(u => u.Name == name);

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
