using System.Diagnostics;
using System.Runtime.CompilerServices;
using RpcLab.Network.Faults;

namespace RpcLab.Seminar.Checks.UnreliableNetwork;

/// <summary>
/// What the checks of one <c>rpclab check 6</c> run share, kept beside its <see cref="CheckContext"/>: one clock, the
/// timeline (the clerks' lines, the checker's phases, every proxy's fault log), how many clients have appended so far
/// and the duplicate table's sizes seen. Thread-safe.
/// </summary>
internal sealed class NetworkRun
{
    private static readonly ConditionalWeakTable<CheckContext, NetworkRun> Runs = new();

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private readonly List<TimelineEvent> _events = [];
    private readonly List<(TimeSpan Offset, FaultLog Log)> _proxyLogs = [];
    private readonly List<DedupSample> _samples = [];
    private int _clients;

    /// <summary>The run of <paramref name="context"/>, made on first use.</summary>
    public static NetworkRun For(CheckContext context) => Runs.GetValue(context, _ => new NetworkRun());

    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Client ids that may have appended so far: every clerk started, and the checker's own.</summary>
    public int Clients => Volatile.Read(ref _clients);

    /// <summary>When the last clerk run ended, on <see cref="Now"/>'s clock.</summary>
    public TimeSpan LastClerksEnded { get; set; }

    public void AddClients(int count) => Interlocked.Add(ref _clients, count);

    public void Mark(string lane, TimelineMark mark, string text)
    {
        lock (_gate)
        {
            _events.Add(new TimelineEvent(Now, lane, mark, text));
        }
    }

    /// <summary>Starts a fault proxy in front of the student's server, its log kept for the timeline.</summary>
    public async Task<FaultProxy> StartProxyAsync(CheckContext context, FaultPlan plan, CancellationToken cancellationToken)
    {
        var offset = Now;
        var proxy = await FaultProxy.StartAsync(new FaultProxyOptions { UpstreamHost = context.Host, UpstreamPort = context.Port, Plan = plan }, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _proxyLogs.Add((offset, proxy.Log));
        }

        return proxy;
    }

    public void AddSample(int size)
    {
        lock (_gate)
        {
            _samples.Add(new DedupSample(Now, size, Clients));
        }
    }

    public IReadOnlyList<DedupSample> Samples
    {
        get
        {
            lock (_gate)
            {
                return [.. _samples];
            }
        }
    }

    /// <summary>Every event so far, the proxies' faults included, in time order.</summary>
    public IReadOnlyList<TimelineEvent> Timeline()
    {
        lock (_gate)
        {
            var faults = _proxyLogs.SelectMany(p => p.Log.Events.Select(e => new TimelineEvent(p.Offset + e.At, "proxy", MarkOf(e.Kind), e.Describe())));
            return [.. _events.Concat(faults).OrderBy(e => e.At)];
        }
    }

    private static TimelineMark MarkOf(FaultKind kind) => kind switch
    {
        FaultKind.RequestLost or FaultKind.ReplyLost or FaultKind.Reset or FaultKind.HalfOpen or FaultKind.LimitData or FaultKind.BadFrame => TimelineMark.Lost,
        FaultKind.Delay or FaultKind.Duplicate => TimelineMark.Delayed,
        _ => TimelineMark.Phase,
    };
}
