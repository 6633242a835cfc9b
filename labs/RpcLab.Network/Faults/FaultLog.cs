namespace RpcLab.Network.Faults;

/// <summary>
/// Every fault a <see cref="FaultProxy"/> applied, in the order it applied them, with times. Keeps the last
/// <see cref="Capacity"/> events (a long run must not grow without end) and counts the ones it let go. Thread-safe.
/// </summary>
public sealed class FaultLog
{
    private readonly object _gate = new();
    private readonly Queue<FaultEvent> _events = new();
    private readonly Action<FaultEvent>? _onEvent;
    private long _forgotten;

    internal FaultLog(int capacity, Action<FaultEvent>? onEvent)
    {
        Capacity = capacity;
        _onEvent = onEvent;
    }

    /// <summary>The most events kept.</summary>
    public int Capacity { get; }

    /// <summary>Events dropped from the front to stay within <see cref="Capacity"/>.</summary>
    public long Forgotten => Interlocked.Read(ref _forgotten);

    /// <summary>The events kept, oldest first.</summary>
    public IReadOnlyList<FaultEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>
    /// Each event without its time (<see cref="FaultEvent.Describe"/>), per connection and direction, each direction's
    /// in the order they happened: equal for two runs with the same seed and traffic. (Across directions the order is
    /// the threads' race: a lost reply may be logged before or after the request faults decided meanwhile.)
    /// </summary>
    public IReadOnlyList<string> Describe() => [.. Events.OrderBy(e => e.Connection).ThenBy(e => e.Direction).Select(e => e.Describe())];

    /// <summary>How many events of <paramref name="kind"/> are kept.</summary>
    public int Count(FaultKind kind) => Events.Count(e => e.Kind == kind);

    internal void Add(FaultEvent fault)
    {
        lock (_gate)
        {
            _events.Enqueue(fault);
            if (_events.Count > Capacity)
            {
                _events.Dequeue();
                _forgotten++;
            }
        }

        _onEvent?.Invoke(fault);
    }
}
