using System.Diagnostics;
using System.Net.Sockets;
using RpcLab.Transports.Hosting;

namespace RpcLab.Network;

/// <summary>
/// A TCP relay in this process: clients connect to it (<see cref="Host"/>:<see cref="Port"/>), it opens a connection
/// of its own to the upstream server for each, and pumps bytes both ways, never altering them, telling the
/// observers of <see cref="TcpRelayOptions"/> every chunk with its time. <c>rpclab wire</c> taps a call this way,
/// below every library, so what it shows is what crossed the socket; the fault proxy adds
/// <see cref="IRelayStage"/>s to the same pumps. A half-close is relayed as a half-close, so protocols that end a
/// request by shutting down their sending side keep working. Connections are accepted by the seam's
/// <see cref="TcpAcceptLoop"/> and counted by its <see cref="ConnectionLimiter"/> (<see cref="TcpRelayOptions.MaxConnections"/>).
/// Thread-safe; dispose to stop listening and close every relayed connection.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly TcpRelayOptions _options;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly List<RelayConnection> _connections = [];
    private TcpAcceptLoop? _loop;
    private int _accepted;
    private int _disposed;

    private TcpRelay(string upstreamHost, int upstreamPort, TcpRelayOptions options)
    {
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
        _options = options;
    }

    /// <summary>The address clients connect to.</summary>
    public string Host => _loop!.Host;

    /// <summary>The port clients connect to (the OS's choice when <see cref="TcpRelayOptions.ListenPort"/> is 0).</summary>
    public int Port => _loop!.Port;

    /// <summary>The time since the relay started, on the clock of <see cref="RelayChunk.At"/>.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>Connections being relayed now.</summary>
    public int ConnectionCount => _loop!.ConnectionCount;

    /// <summary>Starts listening; connections are relayed to <paramref name="upstreamHost"/>:<paramref name="upstreamPort"/>, resolved when each arrives.</summary>
    public static TcpRelay Start(string upstreamHost, int upstreamPort, TcpRelayOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(upstreamHost);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(upstreamPort);
        options ??= new TcpRelayOptions();
        var relay = new TcpRelay(upstreamHost, upstreamPort, options);
        var limiter = new ConnectionLimiter("relay", options.MaxConnections, options.MaxConnectionsPerPeer, log: null, FileDescriptorLimit.Current);
        relay._loop = TcpAcceptLoop.Start(ListenAddress.Resolve(options.ListenHost), options.ListenPort, relay.RelayAsync, limiter: limiter);
        return relay;
    }

    /// <summary>
    /// Waits until every connection accepted so far has ended in both directions, or <paramref name="patience"/>
    /// has passed (a client that keeps its connection open after its call never ends it). True when all ended.
    /// </summary>
    public async Task<bool> WhenConnectionsEndAsync(TimeSpan patience, CancellationToken cancellationToken = default)
    {
        Task[] ending;
        lock (_connections)
        {
            ending = [.. _connections.Select(c => c.Completion)];
        }

        var all = Task.WhenAll(ending);
        var finished = await Task.WhenAny(all, Task.Delay(patience, cancellationToken)).ConfigureAwait(false);
        return finished == all;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // The loop stops accepting, cancels every connection's token and closes the client sockets.
        await _loop!.DisposeAsync().ConfigureAwait(false);
        RelayConnection[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        foreach (var connection in open)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    // The accept loop's callback: one relayed connection, ended when both directions have.
    private async Task RelayAsync(Socket client, CancellationToken stopping)
    {
        var connection = new RelayConnection(Interlocked.Increment(ref _accepted), client, _options, () => Stopwatch.GetElapsedTime(_started), stopping);
        lock (_connections)
        {
            _connections.Add(connection);
        }

        connection.Start(_upstreamHost, _upstreamPort);
        await connection.Completion.ConfigureAwait(false);
    }
}
