using RpcLab.Measurement.Load;
using RpcLab.Measurement.Results;
using RpcLab.Services;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.InProc;

namespace RpcLab.Tests.Bench;

public sealed class LoadRunnerTests
{
    // Long enough that one stall of a busy machine (the suite runs many servers at once on 2 cores) cannot empty it.
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(1);

    private static async Task<LoadRow> RunAsync(ILoadTarget target, LoadSettings settings)
    {
        var run = await LoadRunner.StartAsync(target, settings, CancellationToken.None);
        return await run.Result;
    }

    private static void AssertPercentilesInOrder(LoadRow row)
    {
        Assert.True(row.P50Us > 0, $"p50 {row.P50Us}");
        Assert.True(row.P50Us <= row.P90Us && row.P90Us <= row.P99Us && row.P99Us <= row.P999Us && row.P999Us <= row.MaxUs, $"{row.P50Us} {row.P90Us} {row.P99Us} {row.P999Us} {row.MaxUs}");
    }

    [Fact]
    public async Task TheFloorGivesEachCallerItsOwnConnectionAndEchoesEveryPing()
    {
        await using var server = TcpEchoServer.Start("127.0.0.1", 0);
        await using var floor = new FloorTarget("127.0.0.1", server.Port, null);

        var row = await RunAsync(floor, new LoadSettings { Concurrency = 3, Connections = 1, Duration = Short, Warmup = TimeSpan.Zero });

        Assert.Equal(LoadServers.FloorTransport, row.Transport);
        Assert.Equal(3, row.Connections);
        Assert.True(row.Requests > 0);
        Assert.Equal(0, row.Errors);
        Assert.Equal(row.Requests / Short.TotalSeconds, row.ThroughputRps, 3);
        AssertPercentilesInOrder(row);
    }

    [Fact]
    public async Task ATransportsCallersShareAtMostTheGivenConnectionsAndEveryReplyIsChecked()
    {
        var transport = new InProcTransport();
        await using var host = ServiceHost.Create(new ServiceOptions());
        await using var server = await transport.StartServerAsync(host.Services, new ServerOptions());
        await using var target = new TransportTarget(transport, server.Host, server.Port, LoadServers.Ours, null);

        var row = await RunAsync(target, new LoadSettings { Concurrency = 8, Connections = 2, Duration = Short, Warmup = TimeSpan.FromMilliseconds(50) });

        Assert.Equal(("inproc", LoadServers.Ours, LoadModes.Closed, 8, 2), (row.Transport, row.Server, row.Mode, row.Concurrency, row.Connections));
        Assert.True(row.Requests > 0);
        Assert.Equal(0, row.Errors);
        Assert.Equal("", row.FirstError);
        AssertPercentilesInOrder(row);
    }

    [Fact]
    public async Task FailedCallsAreCountedAsErrorsWithTheFirstMessageAndNoLatency()
    {
        var target = new FakeTarget(_ => ValueTask.FromException(new InvalidDataException("echo.reverse answered 'x'")));

        var row = await RunAsync(target, new LoadSettings { Concurrency = 2, Duration = TimeSpan.FromMilliseconds(100), Warmup = TimeSpan.Zero });

        Assert.Equal(0, row.Requests);
        Assert.True(row.Errors > 0);
        Assert.Equal("InvalidDataException: echo.reverse answered 'x'", row.FirstError);
        Assert.Equal(0, row.P50Us);
    }

    [Fact]
    public async Task TheOpenLoopTimesACallFromWhenItWasDueSoAServerThatFallsBehindIsChargedForTheWait()
    {
        // 100 calls a second due, but each takes 30 ms: the server manages about 33. Timed from when each call
        // was sent (coordinated omission) every call would take about 30 ms; timed from when it was due, the
        // calls queue up and the later ones have waited far longer. The bound only depends on the schedule:
        // a call cannot end before it was due plus 30 ms, and the median call was due when ten earlier ones
        // (300 ms of work) were still ahead of it.
        var serviceTime = TimeSpan.FromMilliseconds(30);
        var target = new FakeTarget(async ct => await Task.Delay(serviceTime, ct));

        var row = await RunAsync(target, new LoadSettings { Concurrency = 1, Rate = 100, Duration = TimeSpan.FromMilliseconds(600), Warmup = TimeSpan.Zero });

        Assert.Equal(LoadModes.Open, row.Mode);
        Assert.Equal(100, row.TargetRps);
        Assert.True(row.Requests is > 0 and <= 61, $"{row.Requests} calls");
        Assert.True(row.P50Us >= 3 * serviceTime.TotalMicroseconds, $"p50 {row.P50Us} us: the wait behind earlier calls was not counted");
        Assert.True(row.MaxUs >= 10 * serviceTime.TotalMicroseconds, $"max {row.MaxUs} us");
    }

    [Fact]
    public async Task TheOpenLoopKeepsToTheRateWhenTheServerKeepsUp()
    {
        var target = new FakeTarget(_ => ValueTask.CompletedTask);

        var row = await RunAsync(target, new LoadSettings { Concurrency = 2, Rate = 200, Duration = TimeSpan.FromMilliseconds(500), Warmup = TimeSpan.Zero });

        // Due calls in the window: 200/s for 0.5 s. Never more (nothing is sent before it is nearly due).
        Assert.True(row.Requests is > 0 and <= 101, $"{row.Requests} calls");
        Assert.Equal(0, row.Errors);
    }

    [Fact]
    public async Task BadSettingsAreRefusedBeforeAnyConnectionOpens()
    {
        var target = new FakeTarget(_ => ValueTask.CompletedTask);

        await Assert.ThrowsAsync<ArgumentException>(() => LoadRunner.StartAsync(target, new LoadSettings { Concurrency = 0 }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => LoadRunner.StartAsync(target, new LoadSettings { Concurrency = 1, Rate = 0 }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => LoadRunner.StartAsync(target, new LoadSettings { Concurrency = 1, Duration = TimeSpan.Zero }, CancellationToken.None));
        Assert.Equal(0, target.ConnectionsOpened);
    }
}
