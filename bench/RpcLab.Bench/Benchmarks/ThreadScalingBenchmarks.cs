using BenchmarkDotNet.Attributes;
using RpcLab.Bench.Harness;
using RpcLab.Measurement.Results;
using RpcLab.Services.Contracts;

namespace RpcLab.Bench.Benchmarks;

/// <summary>
/// The parallel sum of 1M and 10M ints with 1, 2, 4 and 8 workers, in process and over the transports named
/// by <c>--scaling-over</c> (gRPC by default): where parallelism pays, and where the wire dominates so
/// that more workers change nothing.
/// </summary>
[BenchmarkCategory(MicroCategories.ThreadScaling)]
public class ThreadScalingBenchmarks : TransportBenchmark
{
    private IParallelSumService? _sum;
    private int[] _a = [];
    private int[] _b = [];

    public static IEnumerable<string> Transports() =>
        BenchTransports.Able(nameof(ThreadScalingBenchmarks), services => services.Sum.SumAsync([1], [2], 1), BenchTransports.ScalingOver);

    [ParamsSource(nameof(Transports))]
    public string Transport { get; set; } = "";

    [Params(1_000_000, 10_000_000)]
    public int Ints { get; set; }

    [Params(1, 2, 4, 8)]
    public int Workers { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        (_a, _b) = Arrays.Pair(Ints);
        _sum = (await StartAsync(Transport)).Sum;
    }

    [Benchmark]
    public Task<SumResult> Sum() => _sum!.SumAsync(_a, _b, Workers);
}
