using System.Diagnostics;
using System.Runtime.CompilerServices;
using HdrHistogram;

namespace RpcLab.Measurement.Load;

/// <summary>
/// One simulated caller: a loop of calls on one connection, its own latency histogram (in nanoseconds)
/// and counters, so callers never contend; the histograms are merged once the run is over.
/// The loop is single-threaded (one call at a time); <see cref="Completed"/> and <see cref="Errors"/> may
/// be read from another thread while it runs.
/// </summary>
internal sealed class Caller(ILoadConnection connection)
{
    // Slower than this is recorded as this: far beyond any run, and it keeps each histogram small.
    private const long HighestNanoseconds = 100L * 1_000_000_000;

    // How early an open-loop caller may send rather than sleep: timers here wake up to a millisecond late,
    // so a caller sleeps only when it is further ahead than that and otherwise sends a little early
    // (and is then timed from when it really sent). Late is always timed from when the call was due.
    private static readonly long OpenLoopSlack = Stopwatch.Frequency / 500;

    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    private long _completed;
    private long _errors;

    public IntHistogram Histogram { get; } = new(1, HighestNanoseconds, 3);

    /// <summary>Calls that succeeded inside the measured window so far.</summary>
    public long Completed => Volatile.Read(ref _completed);

    /// <summary>Calls that failed inside the measured window so far.</summary>
    public long Errors => Volatile.Read(ref _errors);

    /// <summary>The first failure's message, for the results.</summary>
    public string? FirstError { get; private set; }

    /// <summary>Calls back to back until <paramref name="measureEnd"/>; records those that start and end inside the window.</summary>
    public async Task RunClosedAsync(long measureStart, long measureEnd, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            if (started >= measureEnd)
            {
                return;
            }

            var ok = await CallAsync(cancellationToken).ConfigureAwait(false);
            var ended = Stopwatch.GetTimestamp();
            if (started >= measureStart && ended <= measureEnd)
            {
                Record(ok, ended - started);
            }
        }
    }

    /// <summary>
    /// Calls due every <paramref name="interval"/> ticks from <paramref name="firstDue"/> until
    /// <paramref name="measureEnd"/>, one at a time on this connection. A call sent late is timed from when it was
    /// due. Calls still unsent when <paramref name="cancellationToken"/> fires (the server fell far behind) are
    /// recorded with the time they had waited by then, a lower bound, and not counted as completed.
    /// </summary>
    public async Task RunOpenAsync(long firstDue, long interval, long measureStart, long measureEnd, CancellationToken cancellationToken)
    {
        var due = firstDue;
        for (; due < measureEnd && !cancellationToken.IsCancellationRequested; due += interval)
        {
            var now = Stopwatch.GetTimestamp();
            if (due - now > OpenLoopSlack)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)(due - now - (OpenLoopSlack / 2)) / Stopwatch.Frequency), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            var started = Stopwatch.GetTimestamp();
            var ok = await CallAsync(cancellationToken).ConfigureAwait(false);
            var ended = Stopwatch.GetTimestamp();
            if (due >= measureStart && !cancellationToken.IsCancellationRequested)
            {
                Record(ok, ended - Math.Min(started, due));
            }
        }

        // Whatever was due and never sent waited at least until now.
        var stopped = Stopwatch.GetTimestamp();
        for (; due < measureEnd; due += interval)
        {
            if (due >= measureStart)
            {
                Histogram.RecordValue(ToNanoseconds(Math.Max(0, stopped - due)));
            }
        }
    }

    // Pooled: the state machine of a call that completes later is reused rather than allocated per call.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> CallAsync(CancellationToken cancellationToken)
    {
        try
        {
            await connection.CallAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            FirstError ??= $"{e.GetType().Name}: {e.Message}";
            return false;
        }
        catch (Exception)
        {
            // Cut off at the end of the run: outside the window, neither a success nor an error.
            return false;
        }
    }

    private void Record(bool ok, long ticks)
    {
        if (ok)
        {
            Histogram.RecordValue(Math.Min(ToNanoseconds(ticks), HighestNanoseconds));
            Volatile.Write(ref _completed, _completed + 1);
        }
        else
        {
            Volatile.Write(ref _errors, _errors + 1);
        }
    }

    private static long ToNanoseconds(long ticks) => Math.Min((long)(ticks * NanosecondsPerTick), HighestNanoseconds);
}
