using System.Runtime.CompilerServices;

namespace RpcLab.Network.Faults;

/// <summary>
/// A TCP proxy that puts faults between any client and its server, in the manner of Toxiproxy and of MIT 6.5840's
/// labrpc: latency and jitter, bandwidth, sliced writes, lost requests and replies, resets, half-open connections,
/// byte limits, partitions, and with a framing (<see cref="MessageFraming"/>) duplicated, delayed and reordered single
/// messages. Faults are drawn from the plan's seed or scripted at known requests; every fault applied is in
/// <see cref="Log"/>. Built on <see cref="TcpRelay"/> with a stage per direction of each connection.
/// Thread-safe; dispose to stop it and close every connection through it.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly ConditionalWeakTable<RelayLink, FaultyConnection> _connections = [];
    private readonly TcpRelay _relay;
    private FaultPlan _plan;
    private int _requests;
    private int _replies;
    private long _partitionSerial;

    private FaultProxy(FaultProxyOptions options)
    {
        Options = options;
        _plan = options.Plan;
        Log = new FaultLog(options.LogCapacity, options.OnFault);
        _relay = TcpRelay.Start(options.UpstreamHost, options.UpstreamPort, new TcpRelayOptions
        {
            ListenHost = options.ListenHost,
            ListenPort = options.ListenPort,
            MaxConnections = options.MaxConnections,
            MaxConnectionsPerPeer = options.MaxConnections,
            ConnectionStages = (link, direction) => [_connections.GetValue(link, l => new FaultyConnection(this, l)).Stage(direction)],
        });
    }

    /// <summary>The options it started with.</summary>
    public FaultProxyOptions Options { get; }

    /// <summary>The address clients connect to.</summary>
    public string Host => _relay.Host;

    /// <summary>The port clients connect to.</summary>
    public int Port => _relay.Port;

    /// <summary>The time since the proxy started: the clock of <see cref="FaultEvent.At"/>.</summary>
    public TimeSpan Elapsed => _relay.Elapsed;

    /// <summary>Connections through the proxy now.</summary>
    public int ConnectionCount => _relay.ConnectionCount;

    /// <summary>Every fault applied so far, with times.</summary>
    public FaultLog Log { get; }

    /// <summary>
    /// The faults now. Setting it changes them from the next message on, on every connection (a new framing applies to
    /// connections accepted afterwards); to script the next request, read <see cref="RequestsSeen"/> first.
    /// </summary>
    public FaultPlan Plan
    {
        get => Volatile.Read(ref _plan);
        set => Volatile.Write(ref _plan, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Requests read so far over every connection (the numbers a script counts); the next is this plus one.</summary>
    public int RequestsSeen => Volatile.Read(ref _requests);

    /// <summary>Replies read so far over every connection; the next is this plus one.</summary>
    public int RepliesSeen => Volatile.Read(ref _replies);

    /// <summary>True while a partition holds every connection.</summary>
    public bool IsPartitioned => Gate.IsClosed;

    internal PartitionGate Gate { get; } = new();

    /// <summary>Starts listening; throws <see cref="System.Net.Sockets.SocketException"/> when the address cannot be bound.</summary>
    public static Task<FaultProxy> StartAsync(FaultProxyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.UpstreamHost);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.UpstreamPort);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxConnections);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxBufferedBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxMessageBytes, 16);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new FaultProxy(options));
    }

    /// <summary>
    /// Partitions every connection from now for <paramref name="duration"/>: nothing crosses either way, new connections
    /// included, and what was held crosses when it heals. Logged as <see cref="FaultKind.Partition"/> and then <see cref="FaultKind.Heal"/>.
    /// </summary>
    public void Partition(TimeSpan duration) => Partition(duration, 0, RelayDirection.ClientToServer, 0);

    /// <summary>Ends a partition now (logged as <see cref="FaultKind.Heal"/>); nothing when there is none.</summary>
    public void Heal()
    {
        if (Gate.IsClosed)
        {
            Interlocked.Increment(ref _partitionSerial);
            Gate.Open();
            Record(0, RelayDirection.ClientToServer, FaultKind.Heal, 0, "healed early");
        }
    }

    public ValueTask DisposeAsync() => _relay.DisposeAsync();

    internal int NextRequest() => Interlocked.Increment(ref _requests);

    internal int NextReply() => Interlocked.Increment(ref _replies);

    internal void Partition(TimeSpan duration, int connection, RelayDirection direction, int message)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var serial = Interlocked.Increment(ref _partitionSerial);
        Gate.Close(duration);
        Record(connection, direction, FaultKind.Partition, message, $"{duration.TotalMilliseconds:0} ms, every connection");
        _ = Task.Delay(duration).ContinueWith(
            _ =>
            {
                // A later partition or an early heal has its own entry.
                if (Interlocked.Read(ref _partitionSerial) == serial)
                {
                    Record(0, RelayDirection.ClientToServer, FaultKind.Heal, 0, string.Empty);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    internal void Record(int connection, RelayDirection direction, FaultKind kind, int message, string detail) =>
        Log.Add(new FaultEvent(Elapsed, connection, direction, kind, message, detail));
}
