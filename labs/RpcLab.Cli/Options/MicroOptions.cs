using System.CommandLine;
using RpcLab.Measurement.Load;

namespace RpcLab.Cli.Options;

/// <summary>The options of a BenchmarkDotNet run on the command line (<c>rpclab bench micro</c> and <c>all</c>). One instance per command.</summary>
public sealed class MicroOptions
{
    public Option<string> Filter { get; } = new("--filter")
    {
        Description = "Which benchmarks, as BenchmarkDotNet's glob on Class.Method: '*', '*Latency*', '*Payload*', '*ThreadScaling*', '*Stream*', '*Upload*'.",
        DefaultValueFactory = _ => "*",
    };

    public Option<string> Job { get; } = new("--job")
    {
        Description = "BenchmarkDotNet's job: dry (one cold iteration, to check the pipeline), short (3 warm-up and 3 measured iterations), medium, long, default.",
        DefaultValueFactory = _ => "short",
    };

    public Option<bool> InProcess { get; } = new("--in-process")
    {
        Description = "Run the benchmarks in the bench program's own process rather than a freshly built one per benchmark: much quicker to start, a little less isolated.",
    };

    public Option<string?> ScalingOver { get; } = new("--scaling-over")
    {
        Description = "The transports the thread-scaling benchmarks compare with in-process, comma-separated (default: grpc).",
    };

    public MicroOptions() => Job.AcceptOnlyFromAmong("dry", "short", "medium", "long", "default");

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Filter);
        command.Options.Add(Job);
        command.Options.Add(InProcess);
        command.Options.Add(ScalingOver);
    }

    /// <summary>Runs the suite as the options say, writing the results to <paramref name="resultsFolder"/> when given; returns its exit code.</summary>
    public Task<int> RunAsync(ParseResult parseResult, string? resultsFolder, string commandLine, IEnumerable<string> extra, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var arguments = MicroRun.Arguments(
            parseResult.GetValue(Filter)!,
            parseResult.GetValue(Job)!,
            parseResult.GetValue(InProcess),
            resultsFolder,
            parseResult.GetValue(ScalingOver),
            commandLine,
            extra);
        return MicroRun.RunAsync(arguments, cancellationToken);
    }
}
