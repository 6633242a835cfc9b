using System.Diagnostics;
using HdrHistogram;
using RpcLab.Measurement.Results;

namespace RpcLab.Measurement.Load;

/// <summary>
/// A load run in progress: its callers are calling; <see cref="Result"/> completes when the measured
/// time is over. The live figures (<see cref="Completed"/>, <see cref="Errors"/>, <see cref="Fraction"/>)
/// may be read from any thread while it runs; they sum the callers' own counters, so reading them costs
/// the callers nothing.
/// </summary>
public sealed class LoadRun
{
    private readonly Caller[] _callers;
    private readonly long _begin;
    private readonly long _measureStart;
    private readonly long _measureEnd;

    internal LoadRun(ILoadTarget target, LoadSettings settings, int connections, Caller[] callers, long begin, long measureStart, long measureEnd, Task callersDone, Func<ValueTask> closeConnections)
    {
        Target = target;
        Settings = settings;
        Connections = connections;
        _callers = callers;
        _begin = begin;
        _measureStart = measureStart;
        _measureEnd = measureEnd;
        Result = FinishAsync(callersDone, closeConnections);
    }

    public ILoadTarget Target { get; }

    public LoadSettings Settings { get; }

    /// <summary>The connections the callers share.</summary>
    public int Connections { get; }

    /// <summary>The run's row, once every caller stopped and the connections are closed.</summary>
    public Task<LoadRow> Result { get; }

    /// <summary>Successful calls measured so far (none during the warm-up).</summary>
    public long Completed => _callers.Sum(c => c.Completed);

    public long Errors => _callers.Sum(c => c.Errors);

    /// <summary>True during the warm-up.</summary>
    public bool WarmingUp => Stopwatch.GetTimestamp() < _measureStart;

    /// <summary>How far the run is, warm-up included, from 0 to 1.</summary>
    public double Fraction => Math.Clamp((double)(Stopwatch.GetTimestamp() - _begin) / (_measureEnd - _begin), 0, 1);

    /// <summary>Calls per second measured so far.</summary>
    public double CurrentRate
    {
        get
        {
            var measured = Stopwatch.GetElapsedTime(_measureStart, Math.Min(Stopwatch.GetTimestamp(), _measureEnd));
            return measured > TimeSpan.Zero ? Completed / measured.TotalSeconds : 0;
        }
    }

    private async Task<LoadRow> FinishAsync(Task callersDone, Func<ValueTask> closeConnections)
    {
        try
        {
            await callersDone.ConfigureAwait(false);
        }
        finally
        {
            await closeConnections().ConfigureAwait(false);
        }

        var merged = new IntHistogram(1, _callers[0].Histogram.HighestTrackableValue, 3);
        foreach (var caller in _callers)
        {
            merged.Add(caller.Histogram);
        }

        var seconds = Settings.Duration.TotalSeconds;
        var requests = Completed;
        double Us(double percentile) => merged.TotalCount == 0 ? 0 : merged.GetValueAtPercentile(percentile) / 1000.0;
        return new LoadRow(
            Target.Transport,
            Target.Server,
            Settings.Mode,
            Settings.Concurrency,
            Connections,
            Settings.Rate ?? 0,
            seconds,
            requests,
            Errors,
            requests / seconds,
            Us(50),
            Us(90),
            Us(99),
            Us(99.9),
            merged.TotalCount == 0 ? 0 : merged.GetMaxValue() / 1000.0,
            _callers.Select(c => c.FirstError).FirstOrDefault(e => e is not null) ?? "")
        {
            MeanUs = merged.TotalCount == 0 ? 0 : merged.GetMean() / 1000.0,
        };
    }
}
