using BenchmarkDotNet.Attributes;
using RpcLab.Bench.Harness;
using RpcLab.Measurement.Results;
using RpcLab.Services.Contracts;

namespace RpcLab.Bench.Benchmarks;

/// <summary>A server stream of 10,000 short messages (<c>echo.repeat</c>), read to the end, on every transport that streams.</summary>
[BenchmarkCategory(MicroCategories.Streaming)]
public class ServerStreamBenchmarks : TransportBenchmark
{
    public const int Messages = 10_000;

    private IEchoService? _echo;

    public static IEnumerable<string> Transports() =>
        BenchTransports.Able(nameof(ServerStreamBenchmarks), async services =>
        {
            await foreach (var _ in services.Echo.RepeatAsync("probe", 1))
            {
            }
        });

    [ParamsSource(nameof(Transports))]
    public string Transport { get; set; } = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _echo = (await StartAsync(Transport)).Echo;
    }

    [Benchmark]
    public async Task<int> ServerStream()
    {
        var count = 0;
        await foreach (var _ in _echo!.RepeatAsync("tick", Messages))
        {
            count++;
        }

        return count == Messages ? count : throw new InvalidOperationException($"{count} of {Messages} messages arrived");
    }
}
