using System.Text;
using RpcLab.Services.Errors;
using RpcLab.Tests.Infrastructure;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Raw;
using RpcLab.Transports.Raw.Framing;

namespace RpcLab.Tests.Raw;

/// <summary>
/// The raw server's share of issue 20: a frame trickled a byte at a time is cut off when the message timeout passes
/// from its first byte (the stall limit used to restart on every byte), and bad UTF-8 inside a string argument is a
/// protocol error with a log line on a connection that goes on (it used to close the connection silently).
/// </summary>
public sealed class RawConnectionLimitTests
{
    [Fact]
    public async Task A_frame_trickled_a_byte_every_200_ms_is_cut_off_after_the_message_timeout_and_logged()
    {
        // Arrange
        await using var server = await TestServer.StartAsync(new RawTransport(), new TestServerOptions
        {
            Server = new ServerOptions { MessageTimeout = Trickle.MessageTimeout },
            Client = new ClientOptions(),
        });
        var frame = FrameLayout.Frame(Encoding.UTF8.GetBytes(RawMessages.Reverse(1, "a message sent far too slowly to be waited for")));

        // Act
        var elapsed = await Trickle.CutOffAfterAsync(server, frame);
        var logged = await server.WaitForCallsAsync(c => c.Status == RpcStatusCode.DeadlineExceeded);

        // Assert
        Trickle.AssertAboutTheTimeout(elapsed);
        Assert.Contains(logged, c => c.Method == "-" && c.Detail!.StartsWith("closed the connection: a frame was not whole", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_utf8_in_a_string_argument_is_a_protocol_error_and_the_connection_goes_on()
    {
        // Arrange
        await using var server = await TestServer.StartAsync(new RawTransport());
        await using var peer = await RawSocket.ConnectAsync(server.Port);
        var request = Encoding.UTF8.GetBytes(RawMessages.Reverse(7, "@@"));
        var at = request.AsSpan().IndexOf("@@"u8);
        request[at] = 0xC3; // a lead byte followed by '(' is not UTF-8
        request[at + 1] = (byte)'(';

        // Act
        await peer.SendBytesAsync(FrameLayout.Frame(request));
        var error = (await peer.ReadMessageAsync()).GetProperty("value");
        await peer.SendMessageAsync(RawMessages.Reverse(8, "after"));
        var reply = (await peer.ReadMessageAsync()).GetProperty("value");
        var logged = await server.WaitForCallsAsync(c => c.Detail?.StartsWith("protocol error", StringComparison.Ordinal) == true);

        // Assert
        Assert.Equal(("Protocol Error", 7), (error.GetProperty("type").GetString(), error.GetProperty("id").GetInt32()));
        Assert.Contains("UTF-8", error.GetProperty("message").GetString());
        Assert.Equal((8, "retfa"), (reply.GetProperty("id").GetInt32(), reply.GetProperty("returns")[0].GetString()));
        Assert.Contains(logged, c => c.Method == "-" && c.Detail!.Contains("UTF-8", StringComparison.Ordinal));
    }
}
