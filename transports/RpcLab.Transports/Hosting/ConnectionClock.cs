namespace RpcLab.Transports.Hosting;

/// <summary>
/// Where one connection's reader is, for its server's <see cref="ConnectionTimeouts"/>: inside a message (since when) or
/// between messages (since when, and whether calls are in progress). The reader calls <see cref="MessageStarted"/> when
/// bytes of a message arrive and <see cref="MessageEnded"/> when it is whole; the sweep does the rest. Each call is two
/// memory writes and a clock read. Thread-safe; dispose when the connection ends.
/// </summary>
public sealed class ConnectionClock : IDisposable
{
    private const long BetweenMessages = long.MinValue;

    private readonly ConnectionTimeouts _owner;
    private readonly Func<bool> _busy;
    private readonly Action _close;
    private long _messageStarted = BetweenMessages;
    private long _lastActive = Environment.TickCount64;
    private int _expired;

    internal ConnectionClock(ConnectionTimeouts owner, string? peer, Func<bool> busy, Action close)
    {
        _owner = owner;
        Peer = peer;
        _busy = busy;
        _close = close;
    }

    /// <summary>The peer, as the log line names it.</summary>
    public string? Peer { get; }

    /// <summary>True once the connection was closed for taking too long.</summary>
    public bool Expired => Volatile.Read(ref _expired) != 0;

    /// <summary>Bytes of a message have arrived: the message timeout runs from the first such call until <see cref="MessageEnded"/>.</summary>
    public void MessageStarted()
    {
        if (Volatile.Read(ref _messageStarted) == BetweenMessages)
        {
            Interlocked.CompareExchange(ref _messageStarted, Environment.TickCount64, BetweenMessages);
        }
    }

    /// <summary>A whole message has arrived: the connection is between messages, active now.</summary>
    public void MessageEnded()
    {
        Volatile.Write(ref _lastActive, Environment.TickCount64);
        Volatile.Write(ref _messageStarted, BetweenMessages);
    }

    public void Dispose() => _owner.Forget(this);

    internal void Check(long now)
    {
        var started = Volatile.Read(ref _messageStarted);
        if (started != BetweenMessages)
        {
            var timeout = _owner.MessageTimeout;
            if (timeout != Timeout.InfiniteTimeSpan && now - started >= (long)timeout.TotalMilliseconds)
            {
                Expire($"no whole message within {ConnectionTimeouts.Describe(timeout)} of its first byte", now - started);
            }

            return;
        }

        if (_busy())
        {
            // A call in progress is activity: idleness counts from the moment the last one is seen to end.
            Volatile.Write(ref _lastActive, now);
            return;
        }

        var idle = _owner.IdleTimeout;
        var since = Volatile.Read(ref _lastActive);
        if (idle != Timeout.InfiniteTimeSpan && now - since >= (long)idle.TotalMilliseconds)
        {
            Expire($"idle for {ConnectionTimeouts.Describe(idle)}", now - since);
        }
    }

    private void Expire(string reason, long elapsedMs)
    {
        if (Interlocked.Exchange(ref _expired, 1) != 0)
        {
            return;
        }

        _owner.Expired(this, reason, TimeSpan.FromMilliseconds(elapsedMs));
        _close();
    }
}
