using BenchmarkDotNet.Running;
using RpcLab.Bench.Bare;
using RpcLab.Bench.Harness;
using RpcLab.Composition;
using RpcLab.Measurement.Results;

namespace RpcLab.Bench;

/// <summary>
/// The benchmark program. Its own options come first and are taken out; everything else goes to
/// BenchmarkDotNet (<c>--filter</c>, <c>--job</c>, <c>--inProcess</c>, ...):
/// <list type="bullet">
/// <item><c>--out DIR</c>: also write DIR/micro.csv and DIR/micro.json (machine, commit, command) for <c>rpclab report</c>;</item>
/// <item><c>--scaling-over a,b</c>: the transports the thread-scaling category compares with in-process (default grpc);</item>
/// <item><c>--command TEXT</c>: the command to record as how the results were made (rpclab bench micro passes its own).</item>
/// </list>
/// Exit code 1 when a benchmark produced no result.
/// <c>serve-bare-grpc</c>, <c>serve-bare-rest</c> or <c>serve-bare-jsonrpc</c> <c>[--host H] [--port N]</c> instead runs
/// that bare library echo server, a yardstick for a transport's own layers (<see cref="BareGrpcServer"/>, <see cref="BareJsonRpcServer"/>).
/// </summary>
public static class Program
{
    /// <summary>The yardstick servers by verb, each taking the host and port to listen on.</summary>
    private static readonly Dictionary<string, Func<string, int, Task<int>>> BareServers = new(StringComparer.Ordinal)
    {
        [BareGrpcServer.Verb] = BareGrpcServer.RunAsync,
        [BareGrpcServer.RestVerb] = BareGrpcServer.RunRestAsync,
        [BareJsonRpcServer.Verb] = BareJsonRpcServer.RunAsync,
    };

    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && BareServers.TryGetValue(args[0], out var serve))
        {
            return await serve(Option(args, "--host") ?? "127.0.0.1", int.Parse(Option(args, "--port") ?? "0", System.Globalization.CultureInfo.InvariantCulture));
        }

        var rest = new List<string>();
        string? output = null;
        string? command = null;
        var scalingOver = TransportRegistry.Default.Name;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                case "--command" when i + 1 < args.Length:
                    command = args[++i];
                    break;
                case "--scaling-over" when i + 1 < args.Length:
                    scalingOver = args[++i];
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        BenchTransports.ScalingOver = scalingOver.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. rest], BenchConfig.Create()).ToList();
        var rows = MicroResults.Rows(summaries).ToList();
        if (output is not null && rows.Count > 0)
        {
            Directory.CreateDirectory(output);
            var csv = Path.Combine(output, "micro.csv");
            File.WriteAllText(csv, MicroCsv.Write(rows));
            var recorded = command ?? "dotnet run -c Release --project bench/RpcLab.Bench -- " + string.Join(' ', args);
            File.WriteAllText(RunInfo.SidecarOf(csv), RunInfo.Capture(recorded, BenchTransports.Skipped).ToJson());
            Console.WriteLine($"// results: {csv}");
        }

        return rows.Any(r => r.MeanNs is null) ? 1 : 0;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
