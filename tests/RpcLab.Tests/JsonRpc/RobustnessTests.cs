using System.Text;
using System.Text.Json;
using RpcLab.Services.Errors;
using RpcLab.Transports.JsonRpc;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// Bad input and bad peers: each gets a clean error, only the offending connection is closed (and only
/// when its framing cannot be trusted any more), and the server keeps serving everyone else.
/// </summary>
public sealed class RobustnessTests
{
    private const string Reverse = """{"jsonrpc":"2.0","method":"echo.reverse","params":["hello"],"id":1}""";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Malformed_json_is_a_parse_error_and_the_connection_stays_usable()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"echo.reverse","params":["unterminated""");
        var error = await socket.ReceiveAsync();
        await socket.SendAsync(Reverse);
        var next = await socket.ReceiveAsync();

        // Assert
        JsonAssert.SameMeaning("""{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"},"id":null}""", error);
        Assert.Equal("olleh", next.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Invalid_utf8_inside_a_frame_is_a_parse_error()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();
        byte[] body = [.. "{\"jsonrpc\":\"2.0\",\"method\":\"echo.reverse\",\"params\":[\""u8, 0xC3, 0x28, .. "\"],\"id\":1}"u8];

        // Act
        await socket.SendRawAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body]);

        // Assert
        Assert.Equal(-32700, (await socket.ReceiveAsync()).GetProperty("error").GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("Content-Length: twelve\r\n\r\n{}")]
    [InlineData("Content-Length: -5\r\n\r\n{}")]
    [InlineData("Content-Type: application/json\r\n\r\n{}")]
    [InlineData("Content-Length: 2\n\n{}")]
    [InlineData("Content-Length 2\r\n\r\n{}")]
    [InlineData("Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":\"echo.reverse\",\"params\":[\"x\"],\"id\":1}\n")]
    public async Task An_invalid_header_gets_an_error_and_closes_only_that_connection(string bytes)
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var bad = await server.ConnectRawAsync();
        await using var good = await server.ConnectRawAsync();

        // Act
        await bad.SendRawAsync(bytes);
        var beforeClose = await bad.ReadUntilClosedAsync();
        await good.SendAsync(Reverse);

        // Assert: one parse error naming the header problem, then the server hangs up; the other client is served.
        var error = System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(Assert.Single(beforeClose)).GetProperty("error");
        Assert.Equal(-32700, error.GetProperty("code").GetInt32());
        Assert.Contains("invalid header", error.GetProperty("message").GetString());
        Assert.Equal("olleh", (await good.ReceiveAsync()).GetProperty("result").GetString());
    }

    [Fact]
    public async Task Binary_garbage_closes_only_that_connection()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var bad = await server.ConnectRawAsync();
        await using var good = await server.ConnectRawAsync();
        var garbage = new byte[10_000];
        new Random(42).NextBytes(garbage);
        garbage[0] = 0x00;

        // Act
        await bad.SendRawAsync(garbage);
        await bad.ReadUntilClosedAsync();
        await good.SendAsync(Reverse);

        // Assert
        Assert.Equal("olleh", (await good.ReceiveAsync()).GetProperty("result").GetString());
    }

    [Fact]
    public async Task A_too_large_content_length_is_refused_from_the_header_alone_and_the_body_is_skipped()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync(maxMessageSize: 1000);
        await using var socket = await server.ConnectRawAsync();
        var body = Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"echo.reverse","params":["{{new string('x', 2000)}}"],"id":1}""");

        // Act: only the header is sent; the error must come before any of the body.
        await socket.SendRawAsync($"Content-Length: {body.Length}\r\n\r\n");
        var error = await socket.ReceiveAsync();
        await socket.SendRawAsync(body);
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"echo.reverse","params":["after"],"id":2}""");
        var next = await socket.ReceiveAsync();

        // Assert: ResourceExhausted (code -32008) with id null, and the stream is still in step.
        Assert.Equal(-32008, error.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("ResourceExhausted", error.GetProperty("error").GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, error.GetProperty("id").ValueKind);
        Assert.Equal("retfa", next.GetProperty("result").GetString());
    }

    [Fact]
    public async Task A_too_long_line_is_refused_before_its_end_and_the_next_line_is_served()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync(new JsonRpcOptions { Framing = JsonRpcFraming.Newline }, maxMessageSize: 1000);
        await using var socket = await server.ConnectRawAsync();

        // Act: 20 000 bytes without a newline yet.
        await socket.SendRawAsync("{\"jsonrpc\":\"2.0\",\"method\":\"echo.reverse\",\"params\":[\"" + new string('x', 20_000));
        var error = await socket.ReceiveAsync();
        await socket.SendRawAsync(new string('y', 5000) + "\"],\"id\":1}\n" + Reverse + "\n");
        var next = await socket.ReceiveAsync();

        // Assert
        Assert.Equal(-32008, error.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("olleh", next.GetProperty("result").GetString());
    }

    [Fact]
    public async Task A_typed_client_is_told_its_request_is_too_large_without_sending_it()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var client = await server.ConnectClientAsync(maxMessageSize: 1000);

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => client.Services.Echo.ReverseAsync(new string('x', 5000)));
        var next = await client.Services.Echo.ReverseAsync("ok");

        // Assert
        Assert.Equal(RpcStatusCode.ResourceExhausted, error.Status);
        Assert.Equal("ko", next);
    }

    [Theory]
    [InlineData(JsonRpcFraming.Newline)]
    [InlineData(JsonRpcFraming.ContentLength)]
    public async Task A_peer_that_sends_and_then_half_closes_still_gets_every_reply(JsonRpcFraming framing)
    {
        // Arrange: what `printf '...' | nc -N host port` does: send, shut down the sending half, read.
        await using var server = await JsonRpcTestServer.StartAsync(new JsonRpcOptions { Framing = framing });
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"echo.reverse","params":["hello"],"id":1}""");
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"echo.delay","params":["later",200],"id":2}""");
        socket.ShutdownSend();
        var replies = (await socket.ReadUntilClosedAsync()).Select(r => JsonSerializer.Deserialize<JsonElement>(r)).ToList();

        // Assert
        Assert.Equal(2, replies.Count);
        Assert.Equal("olleh", replies.Single(r => r.GetProperty("id").GetInt32() == 1).GetProperty("result").GetString());
        Assert.Equal("later", replies.Single(r => r.GetProperty("id").GetInt32() == 2).GetProperty("result").GetString());
    }

    [Fact]
    public async Task A_peer_that_vanishes_mid_call_cancels_its_handler_and_others_are_still_served()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var other = await server.ConnectClientAsync();
        var vanishing = await server.ConnectRawAsync();

        // Act
        await vanishing.SendAsync("""{"jsonrpc":"2.0","method":"echo.delay","params":["slow",60000],"id":1}""");
        await server.Echo.DelayStarted.WaitAsync(Patience);
        await vanishing.DisposeAsync();
        var handlerEnded = await server.Echo.DelayEnded.WaitAsync(Patience);
        var reply = await other.Services.Echo.ReverseAsync("still here");

        // Assert
        Assert.Equal("cancelled", handlerEnded);
        Assert.Equal("ereh llits", reply);
    }

    [Fact]
    public async Task A_client_whose_server_vanishes_mid_call_gets_unavailable()
    {
        // Arrange
        var server = await JsonRpcTestServer.StartAsync();
        await using var client = await server.ConnectClientAsync();
        var call = client.Services.Echo.DelayAsync("slow", 60_000);
        await server.Echo.DelayStarted.WaitAsync(Patience);

        // Act
        await server.DisposeAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(Patience));

        // Assert
        Assert.Equal(RpcStatusCode.Unavailable, error.Status);
    }

    [Fact]
    public async Task Requests_beyond_the_concurrency_limit_are_refused_at_once_and_cancel_request_ends_the_others()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync(new JsonRpcOptions { MaxConcurrentRequests = 2 });
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"echo.delay","params":["a",60000],"id":"a"}""");
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"echo.delay","params":["b",60000],"id":"b"}""");
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"echo.delay","params":["c",60000],"id":"c"}""");
        var refused = await socket.ReceiveAsync();
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"a"}}""");
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"b"}}""");
        var cancelled = new[] { await socket.ReceiveAsync(), await socket.ReceiveAsync() };
        await socket.SendAsync(Reverse);
        var afterwards = await socket.ReceiveAsync();

        // Assert
        Assert.Equal("c", refused.GetProperty("id").GetString());
        Assert.Equal(-32008, refused.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("limit 2", refused.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(["a", "b"], cancelled.Select(r => r.GetProperty("id").GetString()).Order());
        Assert.All(cancelled, r => Assert.Equal(-32800, r.GetProperty("error").GetProperty("code").GetInt32()));
        Assert.All(cancelled, r => Assert.Equal("Cancelled", r.GetProperty("error").GetProperty("data").GetProperty("status").GetString()));
        Assert.Equal("olleh", afterwards.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Many_connections_are_served_while_one_misbehaves()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        var clients = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => server.ConnectClientAsync()));
        await using var bad = await server.ConnectRawAsync();

        try
        {
            // Act
            await bad.SendRawAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            var replies = await Task.WhenAll(clients.Select((c, i) => c.Services.Echo.ReverseAsync($"m{i}")));

            // Assert
            Assert.Equal(Enumerable.Range(0, 8).Select(i => $"{i}m"), replies);
            Assert.NotEmpty(await bad.ReadUntilClosedAsync());
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }
}
