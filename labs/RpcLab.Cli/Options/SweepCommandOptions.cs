using System.CommandLine;
using RpcLab.Composition;
using RpcLab.Measurement.Load;
using RpcLab.Transports.Hosting;

namespace RpcLab.Cli.Options;

/// <summary>
/// The options of a load sweep on the command line (<c>rpclab bench load</c>, and the sweep of
/// <c>rpclab bench all</c>), and the <see cref="SweepOptions"/> they make. One instance per command.
/// </summary>
public sealed class SweepCommandOptions
{
    /// <summary>The word for every transport with a wire.</summary>
    public const string All = "all";

    public SweepCommandOptions(string defaultDuration, int defaultRounds = 1)
    {
        Rounds = new Option<int>("--rounds")
        {
            Description = "How many times the whole sweep runs, each server started afresh each time: the report shows the median of the rounds and their spread.",
            DefaultValueFactory = _ => defaultRounds,
            CustomParser = Commands.WholeNumber.RequiredParser("--rounds", 1, 100, "a whole number from 1 to 100"),
        };
        Duration = new Option<TimeSpan>("--duration", "-d")
        {
            Description = "How long each run is measured: 10s, 500ms, 2m.",
            DefaultValueFactory = _ => Durations.TryParse(defaultDuration, out var d) ? d : TimeSpan.FromSeconds(10),
            CustomParser = OptionParsers.Duration("--duration"),
        };
        Transport.Validators.Add(result =>
        {
            foreach (var name in Names(result.GetValueOrDefault<string>() ?? All))
            {
                if (!TransportRegistry.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    result.AddError($"unknown transport '{name}'; use {All} or a comma-separated list of {string.Join(", ", TransportRegistry.Names)}");
                }
            }
        });
    }

    public Option<string> Transport { get; } = new("--transport", "-t")
    {
        Description = $"The transports to load, comma-separated ({string.Join(", ", TransportRegistry.Names)}), or {All} for every one with a wire.",
        DefaultValueFactory = _ => All,
    };

    public Option<int[]> Concurrency { get; } = new("--concurrency", "-c")
    {
        Description = "The numbers of concurrent callers, one run each.",
        DefaultValueFactory = _ => [1, 4, 16, 64, 256],
        CustomParser = OptionParsers.WholeNumbers("--concurrency", 1, 10_000),
    };

    public Option<TimeSpan> Duration { get; }

    public Option<int> Rounds { get; }

    public Option<TimeSpan> Warmup { get; } = new("--warmup")
    {
        Description = "Calls before each measured run, not recorded.",
        DefaultValueFactory = _ => SweepOptions.DefaultWarmup,
        CustomParser = OptionParsers.Duration("--warmup", allowZero: true),
    };

    public Option<TimeSpan> ServerWarmup { get; } = new("--server-warmup")
    {
        Description = "Added to the warm-up of the first run on each freshly started server, so the JIT has settled in the server and the client before anything is measured.",
        DefaultValueFactory = _ => SweepOptions.DefaultServerWarmup,
        CustomParser = OptionParsers.Duration("--server-warmup", allowZero: true),
    };

    public Option<double?> Rate { get; } = new("--rps")
    {
        Description = "Open loop: this many calls per second in total, latency counted from when each call was due. Without it: closed loop (callers back to back).",
        CustomParser = OptionParsers.PositiveNumber("--rps"),
    };

    public Option<int> Connections { get; } = new("--connections")
    {
        Description = "The most connections a transport's callers share (calls are multiplexed on them); the TCP floor always has one per caller.",
        DefaultValueFactory = _ => 4,
        CustomParser = Commands.WholeNumber.RequiredParser("--connections", 1, 10_000, "a whole number from 1 to 10000"),
    };

    public Option<bool> NoBaselines { get; } = new("--no-baselines") { Description = "Leave out the TCP floor and the in-process baseline." };

    public Option<bool> NoForeign { get; } = new("--no-foreign") { Description = "Leave out the foreign servers (Python grpcio, grpc-js, vscode-jsonrpc, ...)." };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { Transport, Concurrency, Duration, Rounds, Warmup, ServerWarmup, Rate, Connections, NoBaselines, NoForeign })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The transports named by <c>--transport</c>: every one with a wire for <see cref="All"/>.</summary>
    public static IReadOnlyList<IRpcTransport> Transports(string value) =>
        value.Equals(All, StringComparison.OrdinalIgnoreCase)
            ? [.. TransportRegistry.All.Where(t => t.HasWire)]
            : [.. Names(value).Select(TransportRegistry.Get).Distinct()];

    public SweepOptions Get(ParseResult parseResult, (string Host, int Port)? external = null)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return new SweepOptions
        {
            Transports = Transports(parseResult.GetValue(Transport)!),
            Concurrency = parseResult.GetValue(Concurrency)!,
            Duration = parseResult.GetValue(Duration),
            Rounds = parseResult.GetValue(Rounds),
            Warmup = parseResult.GetValue(Warmup),
            ServerWarmup = parseResult.GetValue(ServerWarmup),
            Rate = parseResult.GetValue(Rate),
            Connections = parseResult.GetValue(Connections),
            Baselines = !parseResult.GetValue(NoBaselines),
            Foreign = !parseResult.GetValue(NoForeign),
            External = external,
        };
    }

    private static IEnumerable<string> Names(string value) =>
        value.Equals(All, StringComparison.OrdinalIgnoreCase) ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
