namespace RpcLab.Transports.ZeroRpc.Channels;

/// <summary>
/// Bytes of outbound events queued and not yet taken by ZeroMQ, against a limit, in a chain: a channel's budget inside
/// its connection's inside the server's (which has no limit and only counts, for tests and the log). A producer
/// reserves before it queues an event and waits while the event would take its channel or its connection over the
/// limit; the socket's thread releases the bytes when ZeroMQ takes the event (or the event is dropped), which wakes the
/// waiters. An event larger than the limit still passes when nothing else is queued, so no reply is ever stuck.
/// zeroRPC's credit counts events, not bytes, and a client may grant any number: this is what keeps a client that
/// grants much and reads nothing from costing the server more than the limit. Thread-safe.
/// </summary>
internal sealed class ByteBudget
{
    private readonly object _gate = new();
    private readonly ByteBudget? _parent;
    private long _used;
    private long _peak;
    private TaskCompletionSource? _freed;

    /// <param name="limit">The most bytes queued at once (<see cref="long.MaxValue"/> only counts).</param>
    /// <param name="parent">The budget these bytes also count against, or null.</param>
    public ByteBudget(long limit, ByteBudget? parent = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        Limit = limit;
        _parent = parent;
    }

    public long Limit { get; }

    /// <summary>Bytes reserved and not yet released.</summary>
    public long Used
    {
        get
        {
            lock (_gate)
            {
                return _used;
            }
        }
    }

    /// <summary>The most bytes ever reserved at once.</summary>
    public long Peak
    {
        get
        {
            lock (_gate)
            {
                return _peak;
            }
        }
    }

    /// <summary>Reserves <paramref name="bytes"/> here and in every parent, waiting while any of them is full.</summary>
    public async ValueTask ReserveAsync(int bytes, CancellationToken cancellationToken)
    {
        while (TryReserve(bytes) is { } full)
        {
            await full.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reserves <paramref name="bytes"/> at once if they fit (for the socket's thread, which must not wait); false when full.</summary>
    public bool TryTake(int bytes) => TryReserve(bytes) is null;

    /// <summary>
    /// Counts <paramref name="bytes"/> here and in every parent whatever the limit: for the few events the protocol
    /// cannot hold back (a grant of credit the client waits for), so that their release balances.
    /// </summary>
    public void Take(int bytes)
    {
        lock (_gate)
        {
            _used += bytes;
            _peak = Math.Max(_peak, _used);
        }

        _parent?.Take(bytes);
    }

    /// <summary>Gives back <paramref name="bytes"/> reserved earlier (here and in every parent) and wakes whoever waits.</summary>
    public void Release(int bytes)
    {
        TaskCompletionSource? freed;
        lock (_gate)
        {
            _used -= bytes;
            freed = _freed;
            _freed = null;
        }

        _parent?.Release(bytes);
        freed?.TrySetResult();
    }

    // Null once reserved everywhere; else a task that completes when the full budget gives bytes back. Locks are taken
    // child first, then parent, always in that order.
    private Task? TryReserve(int bytes)
    {
        lock (_gate)
        {
            if (_used > 0 && _used + bytes > Limit)
            {
                return Freed();
            }

            if (_parent?.TryReserve(bytes) is { } parentFull)
            {
                return parentFull;
            }

            _used += bytes;
            _peak = Math.Max(_peak, _used);
            return null;
        }
    }

    private Task Freed() => (_freed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
}
