using BenchmarkDotNet.Attributes;
using RpcLab.Bench.Harness;
using RpcLab.Measurement.Results;
using RpcLab.Services.Contracts;

namespace RpcLab.Bench.Benchmarks;

/// <summary>
/// The parallel sum of two arrays of 10 to 1M ints on every transport, with the server's default workers:
/// as the arrays grow, marshalling and transfer take over from the call's fixed cost.
/// </summary>
[BenchmarkCategory(MicroCategories.Payload)]
public class PayloadBenchmarks : TransportBenchmark
{
    private IParallelSumService? _sum;
    private int[] _a = [];
    private int[] _b = [];

    public static IEnumerable<string> Transports() =>
        BenchTransports.Able(nameof(PayloadBenchmarks), services => services.Sum.SumAsync([1], [2]));

    [ParamsSource(nameof(Transports))]
    public string Transport { get; set; } = "";

    [Params(10, 1_000, 100_000, 1_000_000)]
    public int Ints { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        (_a, _b) = Arrays.Pair(Ints);
        _sum = (await StartAsync(Transport)).Sum;
    }

    [Benchmark]
    public Task<SumResult> Sum() => _sum!.SumAsync(_a, _b);
}
