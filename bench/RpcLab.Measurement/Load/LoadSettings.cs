namespace RpcLab.Measurement.Load;

/// <summary>One load run's shape. Immutable.</summary>
public sealed record LoadSettings
{
    /// <summary>How many callers run at once.</summary>
    public required int Concurrency { get; init; }

    /// <summary>
    /// How many connections the callers of a multiplexed target share (callers are spread over them in
    /// turn), capped at <see cref="Concurrency"/>. A target that is not multiplexed (the floor) gets one per caller.
    /// </summary>
    public int Connections { get; init; } = 4;

    /// <summary>The measured time.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Calls before the measured time, not recorded: connections open, code is jitted, pools fill.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Null: closed loop, each caller makes its next call as soon as the last one returns. Set: open loop at
    /// this many calls per second in total, spread evenly over the callers, and each call's latency counted
    /// from the moment it was due, so a server that falls behind is charged for the wait (no coordinated omission).
    /// </summary>
    public double? Rate { get; init; }

    public string Mode => Rate is null ? LoadModes.Closed : LoadModes.Open;
}
