using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace RpcLab.Network.Faults;

/// <summary>
/// One direction of one connection through a <see cref="FaultProxy"/>: the relay stage that decides each message's
/// fate (framed: each message; unframed: each turn) and a queue of what is to be written, each entry due at its own
/// time, written by a task of its own through the partition gate, bandwidth and slicing. Framed messages leave in
/// order of due time, so a long delay reorders them; unframed bytes never overtake each other. What the queue holds
/// is bounded (<see cref="FaultProxyOptions.MaxBufferedBytes"/>): past it the pump waits, so the sender is slowed, not
/// buffered. Random choices come from generators seeded by the plan's seed, the connection and the direction, one
/// for decisions (a fixed number of draws per message, so one choice never shifts the next) and one for jitter.
/// </summary>
internal sealed class FaultyDirection : IRelayStage
{
    private readonly FaultyConnection _connection;
    private readonly RelayDirection _direction;
    private readonly Random _decisions;
    private readonly Random _jitter;
    private readonly FrameSplitter? _splitter;
    private readonly object _gate = new();
    private readonly PriorityQueue<byte[], (long Due, long Order)> _queue = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _drained = new(0);
    private Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask>? _forward;
    private long _buffered;
    private long _order;
    private long _lastDue;
    private long _bytesSeen;
    private long _bandwidthNext;
    private TimeSpan _turnExtra;
    private int _turn;
    private int _quietVersion;
    private bool _swallowing;

    public FaultyDirection(FaultyConnection connection, RelayDirection direction, int seed)
    {
        _connection = connection;
        _direction = direction;
        var stream = Mix(seed, connection.Link.Connection, (int)direction);
        _decisions = new Random(stream);
        _jitter = new Random(Mix(stream, 0x5bd1e995, 1));
        _splitter = connection.Framing == MessageFraming.None ? null : new FrameSplitter(connection.Framing, connection.Proxy.Options.MaxMessageBytes);
    }

    private FaultProxy Proxy => _connection.Proxy;

    private RelayLink Link => _connection.Link;

    private bool IsRequest => _direction == RelayDirection.ClientToServer;

    public async ValueTask ProcessAsync(RelayChunk chunk, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> forward, CancellationToken cancellationToken)
    {
        if (_forward is null)
        {
            _forward = forward;
            _ = Task.Run(() => WriteLoopAsync(cancellationToken), CancellationToken.None);
        }

        if (_connection.IsHalfOpen)
        {
            return;
        }

        var plan = Proxy.Plan;
        var faults = plan.For(_direction);
        var data = chunk.Data;
        var overLimit = false;
        if (faults.LimitData > 0)
        {
            var allowed = faults.LimitData - _bytesSeen;
            if (allowed <= 0)
            {
                return;
            }

            if (data.Length >= allowed)
            {
                data = data[..(int)allowed];
                overLimit = true;
            }
        }

        _bytesSeen += data.Length;
        if (_splitter is null)
        {
            await ChunkAsync(data, plan, faults, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            IReadOnlyList<byte[]> messages;
            try
            {
                messages = _splitter.Add(data.Span);
            }
            catch (InvalidDataException e)
            {
                Record(FaultKind.BadFrame, 0, e.Message + "; connection closed");
                Link.Close();
                return;
            }

            foreach (var message in messages)
            {
                if (!await MessageAsync(message, plan, faults, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }

        if (overLimit)
        {
            Record(FaultKind.LimitData, 0, Invariant($"{faults.LimitData} bytes crossed; connection closed"));
            await DrainAsync(cancellationToken).ConfigureAwait(false);
            Link.Close();
        }
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (_connection.IsHalfOpen)
        {
            // A half-open connection forwards nothing, its end neither: it stays open until someone gives up.
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }

        if (_swallowing)
        {
            Link.Reset();
            return;
        }

        if (_splitter is { Pending: > 0 })
        {
            // An unfinished message goes on as it is, as it would have without the proxy.
            await EnqueueAsync(_splitter.TakePending(), TimeSpan.Zero, ordered: true, cancellationToken).ConfigureAwait(false);
        }

        await DrainAsync(cancellationToken).ConfigureAwait(false);
        await Proxy.Gate.WaitOpenAsync(cancellationToken).ConfigureAwait(false);
    }

    // A whole framed message: false when the connection is gone (reset, half-open) and the rest of the read with it.
    private async ValueTask<bool> MessageAsync(byte[] message, FaultPlan plan, LinkFaults faults, CancellationToken cancellationToken)
    {
        var number = IsRequest ? Proxy.NextRequest() : Proxy.NextReply();
        var (lost, reset, duplicate, longDelay, longAmount, jitter) = (Draw(), Draw(), Draw(), Draw(), Draw(), Draw());
        var script = Scripted(plan, number);
        if (script.Contains(FaultKind.Reset) || reset < faults.Reset)
        {
            Record(FaultKind.Reset, number, "before it was forwarded");
            Link.Reset();
            return false;
        }

        if (script.Contains(FaultKind.HalfOpen))
        {
            Record(FaultKind.HalfOpen, number, "nothing crosses from now on");
            _connection.GoHalfOpen();
            return false;
        }

        Partitions(plan, number);
        if (script.Contains(LostKind) || lost < faults.Loss)
        {
            Record(LostKind, number, Invariant($"{message.Length} bytes dropped"));
            return true;
        }

        var delay = faults.Latency + (faults.Jitter * jitter) + LongDelays(plan, faults, number, longDelay, longAmount);
        await EnqueueAsync(message, delay, ordered: false, cancellationToken).ConfigureAwait(false);
        if (script.Contains(FaultKind.Duplicate) || duplicate < faults.Duplicate)
        {
            Record(FaultKind.Duplicate, number, Invariant($"{message.Length} bytes sent twice"));
            await EnqueueAsync(message, delay, ordered: false, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    // Unframed: a chunk of a turn. The fate is decided when a turn starts and holds for its every chunk.
    private async ValueTask ChunkAsync(ReadOnlyMemory<byte> data, FaultPlan plan, LinkFaults faults, CancellationToken cancellationToken)
    {
        if (_swallowing)
        {
            RestartQuiet(plan.ReplyQuiet);
            return;
        }

        if (_connection.StartsTurn(_direction))
        {
            var number = _turn = IsRequest ? Proxy.NextRequest() : Proxy.NextReply();
            var (lost, reset, longDelay, longAmount) = (Draw(), Draw(), Draw(), Draw());
            var script = Scripted(plan, number);
            if (script.Contains(FaultKind.Reset) || reset < faults.Reset)
            {
                Record(FaultKind.Reset, number, "before its first byte was forwarded");
                Link.Reset();
                return;
            }

            if (script.Contains(FaultKind.HalfOpen))
            {
                Record(FaultKind.HalfOpen, number, "nothing crosses from now on");
                _connection.GoHalfOpen();
                return;
            }

            Partitions(plan, number);
            if (script.Contains(LostKind) || lost < faults.Loss)
            {
                if (IsRequest)
                {
                    Record(FaultKind.RequestLost, number, "connection closed before its first byte was forwarded");
                    Link.Close();
                }
                else
                {
                    Record(FaultKind.ReplyLost, number, Invariant($"swallowed; connection reset once the server is quiet for {plan.ReplyQuiet.TotalMilliseconds:0} ms"));
                    _swallowing = true;
                    RestartQuiet(plan.ReplyQuiet);
                }

                return;
            }

            _turnExtra = LongDelays(plan, faults, number, longDelay, longAmount);
        }

        var delay = faults.Latency + (faults.Jitter * _jitter.NextDouble()) + _turnExtra;
        await EnqueueAsync(data.ToArray(), delay, ordered: true, cancellationToken).ConfigureAwait(false);
    }

    private FaultKind LostKind => IsRequest ? FaultKind.RequestLost : FaultKind.ReplyLost;

    // The scripted faults of message <number> in this direction: replies take only reply-lost.
    private HashSet<FaultKind> Scripted(FaultPlan plan, int number) =>
        [.. plan.Script.Where(f => f.Request == number && (f.Kind == FaultKind.ReplyLost) != IsRequest).Select(f => f.Kind)];

    private void Partitions(FaultPlan plan, int number)
    {
        foreach (var partition in plan.Script.Where(f => IsRequest && f.Request == number && f.Kind == FaultKind.Partition))
        {
            Proxy.Partition(partition.Duration, Link.Connection, _direction, number);
        }
    }

    private TimeSpan LongDelays(FaultPlan plan, LinkFaults faults, int number, double draw, double amount)
    {
        var extra = TimeSpan.Zero;
        if (draw < faults.LongDelay)
        {
            extra += faults.LongDelayMin + ((faults.LongDelayMax - faults.LongDelayMin) * amount);
        }

        if (IsRequest)
        {
            foreach (var scripted in plan.Script.Where(f => f.Request == number && f.Kind == FaultKind.Delay))
            {
                extra += scripted.Duration;
            }
        }

        if (extra > TimeSpan.Zero)
        {
            Record(FaultKind.Delay, number, Invariant($"held {extra.TotalMilliseconds:0} ms"));
        }

        return extra;
    }

    // Unframed lost reply: once the server has been quiet this long, the reply is complete and the connection is reset.
    private void RestartQuiet(TimeSpan quiet)
    {
        var version = Interlocked.Increment(ref _quietVersion);
        _ = Task.Delay(quiet, Link.Closed).ContinueWith(
            task =>
            {
                if (!task.IsCanceled && Volatile.Read(ref _quietVersion) == version)
                {
                    Link.Reset();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async ValueTask EnqueueAsync(byte[] bytes, TimeSpan delay, bool ordered, CancellationToken cancellationToken)
    {
        var limit = Proxy.Options.MaxBufferedBytes;
        while (true)
        {
            lock (_gate)
            {
                if (_buffered == 0 || _buffered + bytes.Length <= limit)
                {
                    _buffered += bytes.Length;
                    var due = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
                    if (ordered)
                    {
                        due = Math.Max(due, _lastDue);
                    }

                    _lastDue = Math.Max(_lastDue, due);
                    _queue.Enqueue(bytes, (due, _order++));
                    break;
                }
            }

            await _drained.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        _wake.Release();
    }

    private async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        while (Interlocked.Read(ref _buffered) > 0)
        {
            await _drained.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                byte[]? next = null;
                var wait = Timeout.InfiniteTimeSpan;
                lock (_gate)
                {
                    if (_queue.TryPeek(out var bytes, out var key))
                    {
                        var left = key.Due - Stopwatch.GetTimestamp();
                        if (left <= 0)
                        {
                            next = _queue.Dequeue();
                        }
                        else
                        {
                            wait = TimeSpan.FromSeconds((double)left / Stopwatch.Frequency);
                        }
                    }
                }

                if (next is null)
                {
                    await _wake.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                await Proxy.Gate.WaitOpenAsync(cancellationToken).ConfigureAwait(false);
                await WriteAsync(next, Proxy.Plan.For(_direction), cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _buffered, -next.Length);
                if (_drained.CurrentCount == 0)
                {
                    _drained.Release();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // The connection closed, or a write to it failed: it is over both ways.
            Link.Close();
        }
    }

    // One message (or chunk) onto the socket, in slices and at the bandwidth the plan says.
    private async ValueTask WriteAsync(byte[] bytes, LinkFaults faults, CancellationToken cancellationToken)
    {
        var slice = faults.SliceBytes > 0 ? faults.SliceBytes : bytes.Length;
        for (var offset = 0; offset < bytes.Length; offset += slice)
        {
            var piece = bytes.AsMemory(offset, Math.Min(slice, bytes.Length - offset));
            if (faults.BytesPerSecond > 0)
            {
                var now = Stopwatch.GetTimestamp();
                _bandwidthNext = Math.Max(_bandwidthNext, now) + (long)((double)piece.Length / faults.BytesPerSecond * Stopwatch.Frequency);
                var wait = _bandwidthNext - now;
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken).ConfigureAwait(false);
                }
            }

            await _forward!(piece, cancellationToken).ConfigureAwait(false);
            if (faults.SliceDelay > TimeSpan.Zero && offset + slice < bytes.Length)
            {
                await Task.Delay(faults.SliceDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private double Draw() => _decisions.NextDouble();

    private void Record(FaultKind kind, int number, string detail) => Proxy.Record(Link.Connection, _direction, kind, number, detail);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // A fixed mix (not HashCode, which is randomized per process), so a seed means the same in every run.
    private static int Mix(int seed, int connection, int direction)
    {
        unchecked
        {
            var x = (uint)seed * 0x9E3779B1u;
            x ^= (uint)connection * 0x85EBCA6Bu;
            x ^= (uint)direction * 0xC2B2AE35u;
            x ^= x >> 16;
            x *= 0x7FEB352Du;
            x ^= x >> 15;
            return (int)x;
        }
    }
}
