using RpcLab.Services.Errors;
using RpcLab.Tests.Infrastructure;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.JsonRpc;

namespace RpcLab.Tests.JsonRpc;

/// <summary>A request trickled a byte at a time is cut off when the message timeout passes from its first byte, and logged.</summary>
public sealed class ConnectionTimeoutTests
{
    [Theory]
    [InlineData(JsonRpcFraming.ContentLength)]
    [InlineData(JsonRpcFraming.Newline)]
    public async Task A_request_trickled_a_byte_every_200_ms_is_cut_off_after_the_message_timeout(JsonRpcFraming framing)
    {
        // Arrange
        var options = new JsonRpcOptions { Framing = framing };
        await using var server = await TestServer.StartAsync(new JsonRpcTransport(options), new TestServerOptions
        {
            Server = new ServerOptions { MessageTimeout = Trickle.MessageTimeout },
            Client = new ClientOptions(),
        });
        var request = RawJsonRpcSocket.Frame("""{"jsonrpc":"2.0","id":1,"method":"echo.reverse","params":["slowly"]}""", framing);

        // Act
        var elapsed = await Trickle.CutOffAfterAsync(server, request);
        var logged = await server.WaitForCallsAsync(c => c.Status == RpcStatusCode.DeadlineExceeded);

        // Assert
        Trickle.AssertAboutTheTimeout(elapsed);
        Assert.Contains(logged, c => c.Method == "-" && c.Detail!.StartsWith("closed the connection: no whole message within 2 s", StringComparison.Ordinal));
    }
}
