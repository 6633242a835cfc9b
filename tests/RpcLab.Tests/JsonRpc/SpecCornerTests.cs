namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// Corners of JSON-RPC 2.0 the README decides (section "Corners of the specification"): each message is
/// followed by a normal request, so a corner that got no reply, or broke the connection, shows too.
/// </summary>
public sealed class SpecCornerTests
{
    private const string After = """{"jsonrpc":"2.0","method":"echo.reverse","params":["after"],"id":"after"}""";
    private const string AfterReply = """{"jsonrpc":"2.0","result":"retfa","id":"after"}""";

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","method":"echo.reverse","params":["ab"],"id":null}""", """{"jsonrpc":"2.0","result":"ba","id":null}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"echo.reverse","params":["ab"],"id":1,"extra":{"x":[1]}}""", """{"jsonrpc":"2.0","result":"ba","id":1}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"echo.reverse","params":["ab"],"params":["cd"],"id":1}""", """{"jsonrpc":"2.0","result":"dc","id":1}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"echo.reverse","params":null,"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":1}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"echo.reverse","params":"ab","id":1}""", """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":1}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"echo.reverse","params":7,"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":1}""")]
    [InlineData("""{"jsonrpc":"1.0","method":"echo.reverse","params":["ab"],"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":1}""")]
    [InlineData("""{"method":"echo.reverse","params":["ab"],"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":1}""")]
    [InlineData("""[[{"jsonrpc":"2.0","method":"echo.reverse","params":["ab"],"id":1}]]""", """[{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}]""")]
    [InlineData("\uFEFF{\"jsonrpc\":\"2.0\",\"method\":\"echo.reverse\",\"params\":[\"ab\"],\"id\":1}", """{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"},"id":null}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"echo.reverse","params":["a\ud83d\ude00b"],"id":1}""", """{"jsonrpc":"2.0","result":"b\ud83d\ude00a","id":1}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"never-sent"},"id":1}""", """{"jsonrpc":"2.0","result":null,"id":1}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"echo.reverse","params":["ab"],"id":1,"traceparent":5}""", """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":1}""")]
    [InlineData("""[{"jsonrpc":"2.0","method":"echo.reverse","params":["ab"],"id":1,"traceparent":5},{"jsonrpc":"2.0","method":"echo.reverse","params":["cd"],"id":2}]""", """[{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":1},{"jsonrpc":"2.0","result":"dc","id":2}]""")]
    public async Task A_corner_gets_the_decided_reply_and_the_connection_goes_on(string message, string expected)
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendAsync(message);
        var reply = await socket.ReceiveAsync();
        await socket.SendAsync(After);
        var after = await socket.ReceiveAsync();

        // Assert (a batch reply in any order)
        JsonAssert.SameMeaning(expected, reply, anyArrayOrder: true);
        JsonAssert.SameMeaning(AfterReply, after);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","result":19,"id":99}""")]
    [InlineData("""{"jsonrpc":"2.0","error":{"code":-32000,"message":"x"},"id":"nobody"}""")]
    [InlineData("""{"jsonrpc":"2.0","result":19,"error":{"code":1,"message":"both"},"id":1}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"no.such.notification","params":[1]}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"never-sent"}}""")]
    public async Task Responses_nobody_waits_for_and_notifications_get_no_reply(string message)
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendAsync(message);
        await socket.SendAsync(After);
        var first = await socket.ReceiveAsync();

        // Assert: the first thing back is the reply to the request behind it.
        JsonAssert.SameMeaning(AfterReply, first);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","method":"echo.reverse","params":[null],"id":1}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"echo.reverse","params":{"message":null},"id":1}""")]
    public async Task A_null_argument_for_a_parameter_that_takes_none_is_invalid_params(string message)
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act: the same method first with a string, so the null comes on a connection that has read the method before.
        await socket.SendAsync(After);
        var first = await socket.ReceiveAsync();
        await socket.SendAsync(message);
        var error = (await socket.ReceiveAsync()).GetProperty("error");

        // Assert
        JsonAssert.SameMeaning(AfterReply, first);
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Contains("parameter 'message' of echo.reverse must not be null", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_null_inside_an_argument_is_not_a_null_argument()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act: sum.sum takes two int arrays; a null inside one is the serializer's to refuse, not the null check's.
        await socket.SendAsync("""[{"jsonrpc":"2.0","method":"sum.sum","params":[[1,2],[3,4]],"id":1},{"jsonrpc":"2.0","method":"sum.sum","params":[null,[3,4]],"id":2}]""");
        var replies = (await socket.ReceiveAsync()).EnumerateArray().ToDictionary(r => r.GetProperty("id").GetInt32());

        // Assert
        Assert.True(replies[1].TryGetProperty("result", out _), replies[1].GetRawText());
        Assert.Contains("must not be null", replies[2].GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_lone_surrogate_is_invalid_params_naming_the_parameter()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"echo.reverse","params":["a\ud83db"],"id":1}""");
        var error = (await socket.ReceiveAsync()).GetProperty("error");

        // Assert
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Contains("'message'", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_cancel_that_overtakes_its_request_does_not_cancel_it()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":5}}""");
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"echo.delay","params":["late",50],"id":5}""");
        var reply = await socket.ReceiveAsync();

        // Assert
        JsonAssert.SameMeaning("""{"jsonrpc":"2.0","result":"late","id":5}""", reply);
    }
}
