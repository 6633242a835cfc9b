using RpcLab.Transports.Hosting;

namespace RpcLab.Measurement.Load;

/// <summary>What a load sweep runs: which servers, at which concurrencies, for how long. Immutable.</summary>
public sealed record SweepOptions
{
    /// <summary>The warm-up before each run when none is given (<c>--warmup</c>).</summary>
    public static readonly TimeSpan DefaultWarmup = TimeSpan.FromSeconds(1);

    /// <summary>The extra warm-up of the first run on each server when none is given (<c>--server-warmup</c>).</summary>
    public static readonly TimeSpan DefaultServerWarmup = TimeSpan.FromSeconds(5);

    /// <summary>The transports whose servers are loaded (each with our server, and the foreign ones when <see cref="Foreign"/>).</summary>
    public required IReadOnlyList<IRpcTransport> Transports { get; init; }

    public required IReadOnlyList<int> Concurrency { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = DefaultWarmup;

    /// <summary>
    /// Added to the warm-up of the first run on each server: a server just started (and the client in this
    /// process) still runs code the JIT has not finished optimising. Measured here: gRPC at one caller after a
    /// 1 s warm-up ran at half the rate of the same run after 5 s, with a p99 ten times longer.
    /// </summary>
    public TimeSpan ServerWarmup { get; init; } = DefaultServerWarmup;

    /// <summary>
    /// How many times the whole sweep runs, every server started afresh each time; the report takes the median
    /// of the rounds and shows their spread, and compares two servers within a round (loaded back to back).
    /// </summary>
    public int Rounds { get; init; } = 1;

    /// <summary>Open loop at this many calls per second; null for the closed loop.</summary>
    public double? Rate { get; init; }

    /// <summary>The most connections a multiplexed client opens (see <see cref="LoadSettings.Connections"/>).</summary>
    public int Connections { get; init; } = 4;

    /// <summary>Also run the references: the bare TCP floor and the in-process baseline (transports without a wire).</summary>
    public bool Baselines { get; init; } = true;

    /// <summary>Also load the foreign servers of the chosen transports, where installed.</summary>
    public bool Foreign { get; init; } = true;

    /// <summary>Load a server that is already running (ours or anyone's) instead of starting any: its host and port.</summary>
    public (string Host, int Port)? External { get; init; }

    public LoadSettings Settings(int concurrency) => new()
    {
        Concurrency = concurrency,
        Connections = Connections,
        Duration = Duration,
        Warmup = Warmup,
        Rate = Rate,
    };
}
