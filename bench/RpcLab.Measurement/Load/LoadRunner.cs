using System.Diagnostics;

namespace RpcLab.Measurement.Load;

/// <summary>
/// The load generator, in the manner of ghz and h2load: N callers, each an asynchronous loop on a shared
/// or own connection, in a closed loop (back to back) or an open loop (a fixed rate, no coordinated
/// omission). It is built to cost the measured server as little as it can: no allocation of its own per
/// call, a timestamp before and after each call, a histogram per caller merged at the end, and live
/// figures read from the callers' counters rather than pushed. Stateless and thread-safe.
/// </summary>
public static class LoadRunner
{
    /// <summary>How long past the measured time calls may take before they are cut off (a stuck server must not hang the sweep).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    /// <summary>Opens the connections, starts the callers and returns the run; await <see cref="LoadRun.Result"/>.</summary>
    public static async Task<LoadRun> StartAsync(ILoadTarget target, LoadSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Concurrency < 1 || settings.Connections < 1)
        {
            throw new ArgumentException("concurrency and connections must be at least 1", nameof(settings));
        }

        if (settings.Duration <= TimeSpan.Zero || settings.Warmup < TimeSpan.Zero || settings.Rate is <= 0)
        {
            throw new ArgumentException("the duration and rate must be positive, the warm-up not negative", nameof(settings));
        }

        var count = target.Multiplexed ? Math.Min(settings.Connections, settings.Concurrency) : settings.Concurrency;
        var connections = new List<ILoadConnection>(count);
        async ValueTask CloseAsync()
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }

        try
        {
            for (var i = 0; i < count; i++)
            {
                connections.Add(await target.ConnectAsync(cancellationToken).ConfigureAwait(false));
            }
        }
        catch
        {
            await CloseAsync().ConfigureAwait(false);
            throw;
        }

        try
        {
            await PrimeAsync(connections, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await CloseAsync().ConfigureAwait(false);
            throw;
        }

        var callers = Enumerable.Range(0, settings.Concurrency).Select(i => new Caller(connections[i % count])).ToArray();
        var begin = Stopwatch.GetTimestamp();
        var measureStart = begin + Ticks(settings.Warmup);
        var measureEnd = measureStart + Ticks(settings.Duration);
        var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        hardStop.CancelAfter(settings.Warmup + settings.Duration + Grace);

        Task[] loops;
        if (settings.Rate is { } rate)
        {
            // Each caller runs at rate/N, the callers staggered evenly inside one interval.
            var interval = (long)(Stopwatch.Frequency * settings.Concurrency / rate);
            loops = [.. callers.Select((c, i) => Task.Run(() => c.RunOpenAsync(begin + (interval * i / settings.Concurrency), Math.Max(1, interval), measureStart, measureEnd, hardStop.Token), CancellationToken.None))];
        }
        else
        {
            loops = [.. callers.Select(c => Task.Run(() => c.RunClosedAsync(measureStart, measureEnd, hardStop.Token), CancellationToken.None))];
        }

        var done = Task.WhenAll(loops).ContinueWith(
            t =>
            {
                hardStop.Dispose();
                return t;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();
        return new LoadRun(target, settings, count, callers, begin, measureStart, measureEnd, done, CloseAsync);
    }

    /// <summary>
    /// One call on each connection before the clock starts. A connection's first call pays for its handshake and
    /// the JIT, which the warm-up is there to absorb; on a busy machine it can outlast a short warm-up and leave the
    /// measured window empty. A failure is left for the run to meet and count; only the caller's cancellation ends it.
    /// </summary>
    private static async Task PrimeAsync(IReadOnlyList<ILoadConnection> connections, CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Grace);
        await Task.WhenAll(connections.Select(async connection =>
        {
            try
            {
                await connection.CallAsync(patience.Token).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The run's own calls will fail the same way, and count it.
            }
        })).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static long Ticks(TimeSpan time) => (long)(time.TotalSeconds * Stopwatch.Frequency);
}
