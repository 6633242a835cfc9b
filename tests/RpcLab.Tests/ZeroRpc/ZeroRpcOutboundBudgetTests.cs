using System.Diagnostics;
using RpcLab.Tests.Infrastructure;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.ZeroRpc;
using RpcLab.Transports.ZeroRpc.Server;

namespace RpcLab.Tests.ZeroRpc;

/// <summary>
/// The probe's zeroRPC memory case, made small: a client grants credit for a large stream and then reads nothing. The
/// server stops producing once the stream's bytes fill its budget (they used to pile up by the tens of megabytes), a
/// good call on another connection still answers at once, and the bytes are freed when the client goes.
/// </summary>
public sealed class ZeroRpcOutboundBudgetTests
{
    private const int Budget = 1024 * 1024;
    private const int ItemSize = 64 * 1024;

    [Fact]
    public async Task A_client_that_grants_much_and_reads_nothing_costs_the_server_its_budget_and_no_more()
    {
        // Arrange
        await using var server = await TestServer.StartAsync(new ZeroRpcTransport(), new TestServerOptions { Server = new ServerOptions { MaxQueuedBytes = Budget } });
        var zerorpc = (ZeroRpcServer)server.Server;

        // A peer whose ZeroMQ takes one event off the wire and no more, so the server's sends back up as with a client
        // that stopped reading; it asks for 128 MiB of stream and grants credit for all of it.
        var deaf = RawZeroRpcPeer.Dealer(server.Port, o =>
        {
            o.ReceiveHighWatermark = 1;
            o.ReceiveBuffer = 16 * 1024;
        });
        try
        {
            var channel = deaf.Request("echo.repeat", new string('x', ItemSize), 2000);
            deaf.OnChannel(channel, "_zpc_more", new object[] { 10_000 });

            // Act: wait until the producer has stalled (nothing queued moves for a while)
            var stalledAt = await StalledAsync(zerorpc);
            var good = Stopwatch.StartNew();
            await using var client = await server.ConnectAsync();
            var answer = await client.Services.Echo.ReverseAsync("prompt").WaitAsync(TimeSpan.FromSeconds(5));
            good.Stop();

            // Assert: held back within the budget (one item may pass it), and another client is not kept waiting
            Assert.InRange(stalledAt, 1, Budget + ItemSize + 1024);
            Assert.InRange(zerorpc.PeakQueuedBytes, 1, Budget + ItemSize + 1024);
            Assert.Equal("tpmorp", answer);
            Assert.True(good.Elapsed < TimeSpan.FromSeconds(2), $"a good call took {good.Elapsed.TotalMilliseconds:0} ms");
        }
        finally
        {
            deaf.Dispose();
        }

        // The client is gone: what was held for it is freed.
        Assert.True(await FreedAsync(zerorpc), $"{zerorpc.QueuedBytes} bytes still held after the client left");
    }

    [Fact]
    public async Task Every_call_shape_gives_back_what_it_counted()
    {
        // Arrange
        await using var server = await TestServer.StartAsync(new ZeroRpcTransport(), new TestServerOptions { Client = new ClientOptions() });
        var zerorpc = (ZeroRpcServer)server.Server;
        var echo = server.Client.Services.Echo;

        // Act: replies (reserved by their handler) and, for request streams, the server's grants (counted on the way out)
        var reversed = await echo.ReverseAsync("abc");
        var repeated = await echo.RepeatAsync("x", 300).ToListAsync();
        var collected = await echo.CollectAsync(Items(300));
        var chatted = await echo.ChatAsync(Items(300)).ToListAsync();

        // Assert
        Assert.Equal(("cba", 300, 300), (reversed, repeated.Count, chatted.Count));
        Assert.NotEmpty(collected);
        Assert.True(await FreedAsync(zerorpc), $"{zerorpc.QueuedBytes} bytes still counted after every call ended");
        Assert.True(zerorpc.PeakQueuedBytes > 0);
    }

    private static async IAsyncEnumerable<string> Items(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return "item";
        }
    }

    // The queued bytes once they stop changing (the producer waits on its budget), after they first rise.
    private static async Task<long> StalledAsync(ZeroRpcServer server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        long last = -1;
        var steady = 0;
        while (!timeout.IsCancellationRequested && steady < 10)
        {
            await Task.Delay(50, CancellationToken.None);
            var now = server.QueuedBytes;
            steady = now > 0 && now == last ? steady + 1 : 0;
            last = now;
        }

        return last;
    }

    private static async Task<bool> FreedAsync(ZeroRpcServer server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (server.QueuedBytes > 0 && !timeout.IsCancellationRequested)
        {
            await Task.Delay(20, CancellationToken.None);
        }

        return server.QueuedBytes == 0;
    }
}
