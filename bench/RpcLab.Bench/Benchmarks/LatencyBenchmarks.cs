using BenchmarkDotNet.Attributes;
using RpcLab.Bench.Harness;
using RpcLab.Measurement.Load;
using RpcLab.Measurement.Results;
using RpcLab.Services.Contracts;

namespace RpcLab.Bench.Benchmarks;

/// <summary>
/// One small unary call (<c>echo.reverse</c> of <see cref="SmallCall.Message"/>) on every transport, beside
/// the floor: a bare TCP ping-pong of the same bytes on loopback, with nothing of an RPC stack in it.
/// </summary>
[BenchmarkCategory(MicroCategories.Latency)]
public class LatencyBenchmarks : TransportBenchmark
{
    private TcpEchoServer? _floorServer;
    private TcpPingPongClient? _floor;
    private IEchoService? _echo;

    /// <summary>The in-process baseline, the floor, then every transport with a wire.</summary>
    public static IEnumerable<string> Transports()
    {
        var able = BenchTransports.Able(nameof(LatencyBenchmarks), services => services.Echo.ReverseAsync(SmallCall.Message));
        return [able[0], LoadServers.FloorTransport, .. able.Skip(1)];
    }

    [ParamsSource(nameof(Transports))]
    public string Transport { get; set; } = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        if (Transport == LoadServers.FloorTransport)
        {
            _floorServer = TcpEchoServer.Start("127.0.0.1", 0);
            _floor = await TcpPingPongClient.ConnectAsync("127.0.0.1", _floorServer.Port, SmallCall.FloorPayload(), CancellationToken.None);
            return;
        }

        _echo = (await StartAsync(Transport)).Echo;
    }

    protected override async Task CleanupMoreAsync()
    {
        if (_floor is not null)
        {
            await _floor.DisposeAsync();
        }

        if (_floorServer is not null)
        {
            await _floorServer.DisposeAsync();
        }
    }

    [Benchmark]
    public async Task<string> Reverse()
    {
        if (_floor is not null)
        {
            await _floor.PingAsync(CancellationToken.None);
            return SmallCall.Reply;
        }

        return await _echo!.ReverseAsync(SmallCall.Message);
    }
}
