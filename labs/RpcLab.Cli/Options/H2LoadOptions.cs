using System.CommandLine;
using RpcLab.Composition;
using RpcLab.Measurement.Load;
using RpcLab.Measurement.Results;

namespace RpcLab.Cli.Options;

/// <summary>The options of the check against h2load on the command line (<c>rpclab bench h2load</c> and <c>all</c>). One instance per command.</summary>
public sealed class H2LoadOptions
{
    public Option<string> Transport { get; } = new("--h2load-transport")
    {
        Description = "The transport whose server h2load and rpclab load (its wire must be gRPC: h2load speaks HTTP/2).",
        DefaultValueFactory = _ => TransportRegistry.Default.Name,
    };

    public Option<int> Connections { get; } = new("--h2load-connections")
    {
        Description = "Connections, for both tools (h2load -c).",
        DefaultValueFactory = _ => 4,
        CustomParser = Commands.WholeNumber.RequiredParser("--h2load-connections", 1, 1000, "a whole number from 1 to 1000"),
    };

    public Option<int> Streams { get; } = new("--h2load-streams")
    {
        Description = "Concurrent calls per connection, for both tools (h2load -m).",
        DefaultValueFactory = _ => 10,
        CustomParser = Commands.WholeNumber.RequiredParser("--h2load-streams", 1, 1000, "a whole number from 1 to 1000"),
    };

    public Option<TimeSpan> Duration { get; } = new("--h2load-duration")
    {
        Description = "How long each tool is measured in a round.",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(5),
        CustomParser = OptionParsers.Duration("--h2load-duration"),
    };

    public Option<int> Rounds { get; } = new("--h2load-rounds")
    {
        Description = "Rounds per server, the tools in turn; each tool's best round counts (other work on the machine only slows a round down).",
        DefaultValueFactory = _ => 3,
        CustomParser = Commands.WholeNumber.RequiredParser("--h2load-rounds", 1, 100, "a whole number from 1 to 100"),
    };

    public H2LoadOptions() => Transport.AcceptOnlyFromAmong([.. TransportRegistry.Names]);

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Transport);
        command.Options.Add(Connections);
        command.Options.Add(Streams);
        command.Options.Add(Duration);
        command.Options.Add(Rounds);
    }

    /// <summary>
    /// Runs both tools against <paramref name="external"/>, or against our server of the transport and (with
    /// <paramref name="foreign"/>) each foreign server of its protocol, each started for the purpose; each tool
    /// warms up for <paramref name="warmup"/> (default 1 s) before it is measured. A server that cannot start
    /// (not installed) is told to <paramref name="skipped"/>.
    /// </summary>
    public async Task<IReadOnlyList<H2LoadRow>> RunAsync(ParseResult parseResult, (string Host, int Port)? external, bool foreign, TimeSpan? warmup, Action<RunNote> skipped, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(skipped);
        var targets = LoadSweep.Targets(new SweepOptions
        {
            Transports = [TransportRegistry.Get(parseResult.GetValue(Transport)!)],
            Concurrency = [1],
            Baselines = false,
            Foreign = foreign,
            External = external,
        });
        var rows = new List<H2LoadRow>();
        foreach (var target in targets)
        {
            var started = await target.TryStartAsync($"h2load on {target.Label}", skipped, cancellationToken).ConfigureAwait(false);
            if (started is null)
            {
                continue;
            }

            await using (started.ConfigureAwait(false))
            {
                rows.AddRange(await H2LoadComparison.RunAsync(started, parseResult.GetValue(Connections), parseResult.GetValue(Streams), parseResult.GetValue(Duration), warmup ?? TimeSpan.FromSeconds(1), parseResult.GetValue(Rounds), cancellationToken).ConfigureAwait(false));
            }
        }

        return rows;
    }
}
