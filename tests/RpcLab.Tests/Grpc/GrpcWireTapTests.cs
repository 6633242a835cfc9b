using System.Collections.Concurrent;
using RpcLab.Transports.Grpc.Protos.Echo;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Grpc;

/// <summary>The client's wire tap shows each length-prefixed message of a call, whole, as it went over HTTP/2.</summary>
public sealed class GrpcWireTapTests
{
    [Fact]
    public async Task A_unary_call_shows_its_request_and_reply_messages_with_their_prefix()
    {
        // Arrange
        var seen = new ConcurrentQueue<(WireDirection Direction, byte[] Bytes)>();
        await using var host = await GrpcTestServer.StartAsync(clientOptions: new ClientOptions { WireTap = (d, b) => seen.Enqueue((d, b.ToArray())) });

        // Act
        await host.Client.Services.Echo.ReverseAsync("hello");

        // Assert: flag 0, length 7, then field 1 (0A), length 5, "hello" / "olleh" (as Lab 1's Concepts spell it out).
        Assert.Equal(
            [
                (WireDirection.Sent, Convert.FromHexString("00000000070A0568656C6C6F")),
                (WireDirection.Received, Convert.FromHexString("00000000070A056F6C6C6568")),
            ],
            seen);
    }

    [Fact]
    public async Task Stream_items_are_reported_one_message_at_a_time_however_the_bytes_arrive()
    {
        // Arrange
        var received = new ConcurrentQueue<byte[]>();
        await using var host = await GrpcTestServer.StartAsync(clientOptions: new ClientOptions
        {
            WireTap = (d, b) =>
            {
                if (d == WireDirection.Received)
                {
                    received.Enqueue(b.ToArray());
                }
            },
        });

        // Act
        var items = await host.Client.Services.Echo.RepeatAsync(new string('x', 40_000), 3).ToListAsync();

        // Assert
        // Assert: each 40 KB item spans several HTTP/2 DATA frames and reads, and is still reported once, whole.
        Assert.Equal(items.Select(i => GrpcTestServer.Frame(new EchoReply { Message = i })), received);
    }
}
