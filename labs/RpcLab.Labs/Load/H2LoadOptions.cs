using System.CommandLine;
using RpcLab.Labs.Results;

namespace RpcLab.Labs.Load;

/// <summary>The options of the check against h2load on the command line (<c>rpclab bench h2load</c> and <c>all</c>). One instance per command.</summary>
public sealed class H2LoadOptions
{
    public Option<string> Transport { get; } = new("--h2load-transport")
    {
        Description = "The transport whose server h2load and rpclab load (its wire must be gRPC: h2load speaks HTTP/2).",
        DefaultValueFactory = _ => "grpc",
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
        Description = "How long each tool is measured.",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(10),
        CustomParser = OptionParsers.Duration("--h2load-duration"),
    };

    public H2LoadOptions() => Transport.AcceptOnlyFromAmong([.. TransportRegistry.Names]);

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Transport);
        command.Options.Add(Connections);
        command.Options.Add(Streams);
        command.Options.Add(Duration);
    }

    /// <summary>
    /// Runs both tools against <paramref name="external"/>, or against our server of the transport started for
    /// the purpose, each warming up for <paramref name="warmup"/> (default 1 s) before it is measured.
    /// </summary>
    public async Task<IReadOnlyList<H2LoadRow>> RunAsync(ParseResult parseResult, (string Host, int Port)? external, TimeSpan? warmup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var transport = TransportRegistry.Get(parseResult.GetValue(Transport)!);
        var measured = parseResult.GetValue(Duration);
        var warm = warmup ?? TimeSpan.FromSeconds(1);
        await using var target = external is var (host, port)
            ? new TransportTarget(transport, host, port, LoadServers.External, null)
            : await LoadSweep.StartOursAsync(transport, cancellationToken).ConfigureAwait(false);
        return await H2LoadComparison.RunAsync(target, parseResult.GetValue(Connections), parseResult.GetValue(Streams), measured, warm, cancellationToken).ConfigureAwait(false);
    }
}
