using RpcLab.Measurement.Results;

namespace RpcLab.Measurement.Load;

/// <summary>Shows a sweep as it goes. Called from the sweep's one logical thread, one run at a time.</summary>
public interface ISweepObserver
{
    /// <summary>Shows <paramref name="run"/> while it runs and returns its result.</summary>
    Task<LoadRow> WatchAsync(LoadRun run);

    void Skipped(RunNote skipped);
}
