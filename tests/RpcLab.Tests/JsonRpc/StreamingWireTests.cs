using System.Text.Json;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// StreamJsonRpc's async-enumerable protocol, byte by byte from a raw socket: a stream result is a token
/// pulled with <c>$/enumerator/next</c>; a stream argument is a token the server pulls back from us over
/// the same connection, as a peer of its own.
/// </summary>
public sealed class StreamingWireTests
{
    [Fact]
    public async Task A_server_stream_is_a_token_whose_values_are_pulled_one_page_at_a_time()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act
        var token = await socket.CallForTokenAsync("""{"jsonrpc":"2.0","method":"echo.repeat","params":{"message":"hi","count":2},"id":1}""");
        var pages = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            await socket.SendAsync($$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":{"token":{{token}}},"id":{{10 + i}}}""");
            pages.Add((await socket.ReceiveAsync()).GetProperty("result"));
        }

        await socket.SendAsync($$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":[{{token}}],"id":20}""");
        var afterTheEnd = await socket.ReceiveAsync();

        // Assert: one value a page, then an empty finished page, after which the token is gone.
        JsonAssert.SameMeaning("""{"values":["hi #1"],"finished":false}""", pages[0]);
        JsonAssert.SameMeaning("""{"values":["hi #2"],"finished":false}""", pages[1]);
        JsonAssert.SameMeaning("""{"values":[],"finished":true}""", pages[2]);
        Assert.Equal(-32001, afterTheEnd.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Enumerator_abort_ends_a_stream_early_and_its_token_is_gone()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();
        var token = await socket.CallForTokenAsync("""{"jsonrpc":"2.0","method":"echo.repeat","params":["hi",1000],"id":1}""");
        await socket.SendAsync($$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":{"token":{{token}}},"id":2}""");
        var first = (await socket.ReceiveAsync()).GetProperty("result");

        // Act: StreamJsonRpc's early end is a notification; a pull after it is refused.
        await socket.SendAsync("{\"jsonrpc\":\"2.0\",\"method\":\"$/enumerator/abort\",\"params\":{\"token\":" + token + "}}");
        await socket.SendAsync($$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":[{{token}}],"id":3}""");
        var afterAbort = await socket.ReceiveAsync();

        // Assert
        JsonAssert.SameMeaning("""{"values":["hi #1"],"finished":false}""", first);
        Assert.Equal(3, afterAbort.GetProperty("id").GetInt32());
        Assert.Equal(-32001, afterAbort.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_stream_argument_is_pulled_back_from_the_caller_which_serves_enumerator_next()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();
        string[][] pages = [["a", "b"], ["c"], []];

        // Act: we play the client that owns the sequence (token "mine").
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"echo.collect","params":[{"token":"mine"}],"id":1}""");
        var requests = new List<JsonElement>();
        JsonElement final;
        var page = 0;
        while (true)
        {
            var message = await socket.ReceiveAsync();
            if (!message.TryGetProperty("method", out var method))
            {
                final = message;
                break;
            }

            requests.Add(message);
            if (method.GetString() == "$/enumerator/next")
            {
                var values = JsonSerializer.Serialize(pages[page]);
                var finished = page == pages.Length - 1 ? "true" : "false";
                page++;
                await socket.SendAsync($$"""{"jsonrpc":"2.0","result":{"values":{{values}},"finished":{{finished}}},"id":{{message.GetProperty("id").GetRawText()}}}""");
            }
        }

        // Assert: the server pulled with our token (positional, as StreamJsonRpc pulls) until we said finished, then
        // asked no more (a finished stream needs no abort), and collected every value.
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal("$/enumerator/next", r.GetProperty("method").GetString()));
        Assert.All(requests, r => Assert.Equal("mine", r.GetProperty("params")[0].GetString()));
        JsonAssert.SameMeaning("""{"jsonrpc":"2.0","result":"a b c","id":1}""", final);
    }

    [Fact]
    public async Task Prefetched_values_in_a_stream_argument_need_no_round_trip()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act: StreamJsonRpc's object form with every value inline and no token.
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"echo.collect","params":{"messages":{"values":["x","y"]}},"id":1}""");

        // Assert
        JsonAssert.SameMeaning("""{"jsonrpc":"2.0","result":"x y","id":1}""", await socket.ReceiveAsync());
    }

    [Fact]
    public async Task An_error_raised_by_the_caller_for_a_pull_fails_the_call_with_that_status()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"echo.collect","params":[{"token":7}],"id":1}""");
        var pull = await socket.ReceiveAsync();
        await socket.SendAsync("""{"jsonrpc":"2.0","error":{"code":-32013,"message":"disk on fire","data":{"status":"Internal"}},"id":""" + pull.GetProperty("id").GetRawText() + "}");
        JsonElement reply;
        do
        {
            reply = await socket.ReceiveAsync();
        }
        while (reply.TryGetProperty("method", out _));

        // Assert
        Assert.Equal(-32013, reply.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("disk on fire", reply.GetProperty("error").GetProperty("message").GetString());
    }
}
