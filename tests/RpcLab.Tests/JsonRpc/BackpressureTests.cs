using System.Net.Sockets;
using RpcLab.Transports.JsonRpc;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// A peer that sends requests but never reads the replies: the server must stop reading from it once
/// its unsent replies pile up (so memory stays bounded), and keep serving everyone else.
/// </summary>
public sealed class BackpressureTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Requests = 800;

    [Fact]
    public async Task A_peer_that_never_reads_its_replies_is_no_longer_read_from_and_others_are_still_served()
    {
        // Arrange: 64 KiB replies and a small receive buffer, so the TCP buffers hold only a few hundred of them.
        await using var server = await JsonRpcTestServer.StartAsync();
        using var greedy = new TcpClient { ReceiveBufferSize = 64 * 1024 };
        await greedy.ConnectAsync("127.0.0.1", server.Port);
        var frame = RawJsonRpcSocket.Frame($$"""{"jsonrpc":"2.0","method":"echo.reverse","params":["{{new string('x', 64 * 1024)}}"],"id":1}""", JsonRpcFraming.ContentLength);
        using var stop = new CancellationTokenSource();
        var sender = Task.Run(async () =>
        {
            for (var i = 0; i < Requests; i++)
            {
                await greedy.GetStream().WriteAsync(frame, stop.Token);
            }
        });

        try
        {
            // Act: wait until the server has stopped taking requests (no new call for 3 s) or has taken them all.
            var executed = await SettledCountAsync(() => server.Calls.Count);
            output.WriteLine($"the server executed {executed} of {Requests} requests");
            await using var other = await server.ConnectClientAsync();
            var reply = await other.Services.Echo.ReverseAsync("still served").WaitAsync(TimeSpan.FromSeconds(20));

            // Assert: far fewer executed than sent: the rest wait in the peer's own send buffer, not in the server's memory.
            Assert.True(executed < Requests, $"the server executed all {executed} requests of a peer that reads no replies");
            Assert.Equal("devres llits", reply);
        }
        finally
        {
            await stop.CancelAsync();
            greedy.Client.Close(0);
            await sender.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static async Task<int> SettledCountAsync(Func<int> count)
    {
        var last = -1;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            var now = count();
            if (now == last || now >= Requests)
            {
                return now;
            }

            last = now;
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        return count();
    }
}
