namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// A server-streaming call whose arguments the service refuses up front (before its stream starts) is
/// answered with that error in the reply to the call itself, not with a token whose first pull fails:
/// that is what the service's eager check is for, and what a foreign client such as vscode-jsonrpc sees.
/// </summary>
public sealed class StreamCallErrorTests
{
    [Fact]
    public async Task A_stream_call_with_arguments_the_service_refuses_gets_the_error_as_its_reply()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"echo.repeat","params":["x",1000000],"id":1}""");
        var reply = await socket.ReceiveAsync();

        // Assert
        var error = reply.GetProperty("error");
        Assert.Equal(-32003, error.GetProperty("code").GetInt32());
        Assert.Equal("InvalidArgument", error.GetProperty("data").GetProperty("status").GetString());
        Assert.Contains("count must be between 0 and", error.GetProperty("message").GetString());
        Assert.Equal(1, reply.GetProperty("id").GetInt32());
    }
}
