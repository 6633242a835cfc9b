namespace RpcLab.Transports.ZeroRpc.Channels;

/// <summary>
/// One channel's heartbeat, as zerorpc-python keeps it: send one every interval from one interval after the
/// channel opens; the remote is lost when, at a check, nothing came from it for two intervals, counted from its
/// last event or, if it never sent one, from our first heartbeat (so a passive peer, which answers only after
/// our first, is given its chance). Used on the socket's thread only.
/// </summary>
internal sealed class HeartbeatClock(TimeSpan interval, long nowMs)
{
    private readonly long _interval = (long)interval.TotalMilliseconds;
    private long _nextBeat = nowMs + (long)interval.TotalMilliseconds;
    private long? _lastSeen;

    /// <summary>Something arrived from the remote on this channel.</summary>
    public void Seen(long nowMs) => _lastSeen = nowMs;

    /// <summary>What to do at <paramref name="nowMs"/>: nothing, send a heartbeat, or give the remote up.</summary>
    public HeartbeatAction Check(long nowMs)
    {
        var beat = nowMs >= _nextBeat;
        if (beat)
        {
            _lastSeen ??= nowMs;
            _nextBeat = nowMs + _interval;
        }

        if (_lastSeen is { } seen && nowMs - seen > 2 * _interval)
        {
            return HeartbeatAction.Lost;
        }

        return beat ? HeartbeatAction.Beat : HeartbeatAction.None;
    }

    /// <summary>Checks every channel at once (socket thread): beats those due, gives up those gone silent. Channels without a clock are skipped.</summary>
    public static void CheckAll<T>(ICollection<T> channels, Func<T, HeartbeatClock?> clockOf, Action<T> beat, Action<T> lost)
    {
        if (channels.Count == 0)
        {
            return;
        }

        var now = Environment.TickCount64;
        foreach (var channel in channels.ToList())
        {
            switch (clockOf(channel)?.Check(now))
            {
                case HeartbeatAction.Beat:
                    beat(channel);
                    break;
                case HeartbeatAction.Lost:
                    lost(channel);
                    break;
            }
        }
    }

    /// <summary>The silence after which the remote counts as lost, for messages.</summary>
    public static string LostAfter(TimeSpan interval) => $"{2 * interval.TotalSeconds:0.#} s";
}
