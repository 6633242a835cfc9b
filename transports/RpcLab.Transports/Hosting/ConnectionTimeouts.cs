using System.Collections.Concurrent;
using System.Globalization;
using RpcLab.Services.Errors;

namespace RpcLab.Transports.Hosting;

/// <summary>
/// The read timeouts of one server's connections (<see cref="ServerOptions.MessageTimeout"/>, <see cref="ServerOptions.IdleTimeout"/>),
/// for the servers that read their own sockets: each connection gets a <see cref="ConnectionClock"/> its reader tells
/// where a message starts and ends, and one timer sweeps them all a few times per timeout, closing those whose peer
/// took too long. The timeout counts from a message's first byte to its last, not from byte to byte, so a peer that
/// trickles a byte every second is cut off like one that stops; the closing is one line in the call log. One timer
/// per server instead of one per read: a message costs two clock reads, not a timer reset. Thread-safe; dispose once.
/// </summary>
public sealed class ConnectionTimeouts : IDisposable
{
    private readonly ConcurrentDictionary<ConnectionClock, byte> _watched = new();
    private readonly string _transport;
    private readonly Action<CallRecord>? _log;
    private readonly Timer? _timer;
    private int _sweeping;

    /// <summary>The timeouts of <paramref name="options"/>, for a server of <paramref name="transport"/> (the name its log lines carry).</summary>
    public ConnectionTimeouts(string transport, ServerOptions options)
        : this(transport, options?.MessageTimeout ?? RpcLimits.DefaultMessageTimeout, options?.IdleTimeout ?? RpcLimits.DefaultIdleTimeout, options?.CallLog)
    {
    }

    /// <param name="transport">The transport's name, for the log.</param>
    /// <param name="messageTimeout">How long one message may take from its first byte; infinite for no limit.</param>
    /// <param name="idleTimeout">How long a connection may stay with no call in progress and nothing arriving; infinite for no limit.</param>
    /// <param name="log">Where closings are logged; null logs nothing.</param>
    public ConnectionTimeouts(string transport, TimeSpan messageTimeout, TimeSpan idleTimeout, Action<CallRecord>? log)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        _log = log;
        MessageTimeout = messageTimeout;
        IdleTimeout = idleTimeout;
        var shortest = new[] { messageTimeout, idleTimeout }.Where(t => t > TimeSpan.Zero && t != Timeout.InfiniteTimeSpan).DefaultIfEmpty(Timeout.InfiniteTimeSpan).Min();
        if (shortest != Timeout.InfiniteTimeSpan)
        {
            // A tenth of the shortest timeout: a connection is closed at most that late.
            var period = TimeSpan.FromMilliseconds(Math.Clamp(shortest.TotalMilliseconds / 10, 20, 1000));
            _timer = new Timer(static state => ((ConnectionTimeouts)state!).Sweep(), this, period, period);
        }
    }

    public TimeSpan MessageTimeout { get; }

    public TimeSpan IdleTimeout { get; }

    /// <summary>
    /// Starts watching one connection from <paramref name="peer"/>: <paramref name="close"/> is called once, on a timer
    /// thread, when it times out (after the log line); <paramref name="busy"/> says whether calls are in progress, which
    /// keeps a connection that receives nothing from counting as idle. Dispose the clock when the connection ends.
    /// </summary>
    public ConnectionClock Watch(string? peer, Func<bool> busy, Action close)
    {
        var clock = new ConnectionClock(this, peer, busy, close);
        _watched[clock] = 0;
        return clock;
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _watched.Clear();
    }

    internal void Forget(ConnectionClock clock) => _watched.TryRemove(clock, out _);

    internal void Expired(ConnectionClock clock, string reason, TimeSpan elapsed)
    {
        Forget(clock);
        _log?.Invoke(new CallRecord(_transport, "-", RpcStatusCode.DeadlineExceeded, elapsed, clock.Peer, $"closed the connection: {reason}"));
    }

    /// <summary>A timeout in words: <c>30 s</c>, <c>5 min</c>.</summary>
    internal static string Describe(TimeSpan timeout) => timeout < TimeSpan.FromMinutes(1)
        ? string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalSeconds:0.#} s")
        : string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalMinutes:0.#} min");

    private void Sweep()
    {
        // A sweep slower than the period (a loaded machine) is not run twice at once.
        if (Interlocked.Exchange(ref _sweeping, 1) != 0)
        {
            return;
        }

        try
        {
            var now = Environment.TickCount64;
            foreach (var clock in _watched.Keys)
            {
                try
                {
                    clock.Check(now);
                }
                catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or IOException or System.Net.Sockets.SocketException)
                {
                    // A connection closing under its own close action: it is gone either way (and on a timer thread
                    // an exception would end the process).
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }
}
