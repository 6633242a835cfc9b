using System.Text;
using System.Text.Json;
using RpcLab.Transports.JsonRpc;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// The server seen from a raw socket: framing under awkward writes, the newline mode a student drives
/// with nc, ids echoed exactly, named and positional params for our services, and the -32602 messages.
/// </summary>
public sealed class WireTests
{
    private const string Reverse = """{"jsonrpc":"2.0","method":"echo.reverse","params":["hello"],"id":1}""";

    [Fact]
    public async Task A_message_split_across_many_writes_is_read_once_complete()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();
        var bytes = RawJsonRpcSocket.Frame(Reverse, JsonRpcFraming.ContentLength);

        // Act: the header is cut in the middle of "Content-Length" and of the CR LF pair, the body anywhere.
        foreach (var piece in new[] { bytes[..3], bytes[3..17], bytes[17..19], bytes[19..21], bytes[21..30], bytes[30..] })
        {
            await socket.SendRawAsync(piece);
            await Task.Yield();
        }

        // Assert
        JsonAssert.SameMeaning("""{"jsonrpc":"2.0","result":"olleh","id":1}""", await socket.ReceiveAsync());
    }

    [Theory]
    [InlineData(JsonRpcFraming.ContentLength)]
    [InlineData(JsonRpcFraming.Newline)]
    public async Task Two_messages_in_one_write_get_two_replies(JsonRpcFraming framing)
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync(new JsonRpcOptions { Framing = framing });
        await using var socket = await server.ConnectRawAsync();
        var first = RawJsonRpcSocket.Frame("""{"jsonrpc":"2.0","method":"echo.reverse","params":["abc"],"id":1}""", framing);
        var second = RawJsonRpcSocket.Frame("""{"jsonrpc":"2.0","method":"echo.reverse","params":["xyz"],"id":2}""", framing);

        // Act
        await socket.SendRawAsync([.. first, .. second]);
        var replies = new[] { await socket.ReceiveAsync(), await socket.ReceiveAsync() };

        // Assert
        JsonAssert.SameMeaning(
            """[{"jsonrpc":"2.0","result":"cba","id":1},{"jsonrpc":"2.0","result":"zyx","id":2}]""",
            JsonSerializer.SerializeToElement(replies),
            anyArrayOrder: true);
    }

    [Fact]
    public async Task Other_headers_such_as_content_type_are_accepted_and_header_names_are_case_insensitive()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();
        var body = Encoding.UTF8.GetBytes(Reverse);

        // Act
        await socket.SendRawAsync([.. Encoding.ASCII.GetBytes($"content-length: {body.Length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"), .. body]);

        // Assert
        JsonAssert.SameMeaning("""{"jsonrpc":"2.0","result":"olleh","id":1}""", await socket.ReceiveAsync());
    }

    [Fact]
    public async Task The_nc_example_of_the_issue_gets_its_reply_on_one_line()
    {
        // Arrange: printf '{"jsonrpc":"2.0","method":"echo.reverse","params":["hello"],"id":1}\n' | nc 127.0.0.1 PORT
        await using var server = await JsonRpcTestServer.StartAsync(new JsonRpcOptions { Framing = JsonRpcFraming.Newline });
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendRawAsync(Reverse + "\n");

        // Assert
        Assert.Equal("""{"jsonrpc":"2.0","result":"olleh","id":1}""", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Newline_mode_accepts_crlf_and_ignores_blank_lines()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync(new JsonRpcOptions { Framing = JsonRpcFraming.Newline });
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendRawAsync("\r\n  \n" + Reverse + "\r\n");

        // Assert
        JsonAssert.SameMeaning("""{"jsonrpc":"2.0","result":"olleh","id":1}""", await socket.ReceiveAsync());
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"\"")]
    [InlineData("0")]
    [InlineData("-7")]
    [InlineData("1.5")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("12345678901234567890123")]
    [InlineData("null")]
    [InlineData("\"caf\\u00e9 \\\"quoted\\\"\"")]
    public async Task Every_allowed_id_is_echoed_unchanged(string id)
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendAsync($$"""{"jsonrpc":"2.0","method":"echo.reverse","params":["ab"],"id":{{id}}}""");
        var reply = await socket.ReceiveAsync();

        // Assert: the same JSON value; a number keeps its exact text (1.0 stays 1.0, big integers stay whole).
        Assert.Equal("ba", reply.GetProperty("result").GetString());
        var echoed = reply.GetProperty("id");
        Assert.True(JsonElement.DeepEquals(JsonSerializer.Deserialize<JsonElement>(id), echoed), $"sent {id}, got {echoed.GetRawText()}");
        if (echoed.ValueKind == JsonValueKind.Number)
        {
            Assert.Equal(id, echoed.GetRawText());
        }
    }

    [Fact]
    public async Task Our_services_take_named_params_and_optional_ones_may_be_left_out()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act: named params in any order; sum.sum's parallelism has a default and is omitted.
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"sum.sum","params":{"b":[10,20],"a":[1,2]},"id":1}""");
        var reply = await socket.ReceiveAsync();

        // Assert
        Assert.Equal([11L, 22L], reply.GetProperty("result").GetProperty("sum").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","method":"echo.reverse","params":[],"id":1}""", "'message'")]
    [InlineData("""{"jsonrpc":"2.0","method":"echo.reverse","params":[42],"id":1}""", "'message'")]
    [InlineData("""{"jsonrpc":"2.0","method":"echo.reverse","params":[null],"id":1}""", "'message'")]
    [InlineData("""{"jsonrpc":"2.0","method":"echo.reverse","params":["a","b"],"id":1}""", "takes 1 parameter")]
    [InlineData("""{"jsonrpc":"2.0","method":"echo.reverse","params":{"text":"a"},"id":1}""", "'text'")]
    [InlineData("""{"jsonrpc":"2.0","method":"echo.delay","params":["a","slow"],"id":1}""", "'delayMs'")]
    [InlineData("""{"jsonrpc":"2.0","method":"sum.sum","params":[[1],"x"],"id":1}""", "'b'")]
    [InlineData("""{"jsonrpc":"2.0","method":"echo.collect","params":[true],"id":1}""", "'messages'")]
    [InlineData("""{"jsonrpc":"2.0","method":"subtract","params":[1],"id":1}""", "subtract")]
    public async Task Params_that_do_not_fit_are_invalid_params_naming_the_parameter(string request, string named)
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendAsync(request);
        var error = (await socket.ReceiveAsync()).GetProperty("error");

        // Assert
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Contains(named, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_application_error_carries_its_status_in_the_documented_code_and_in_data()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"users.get","params":["999"],"id":7}""");
        var reply = await socket.ReceiveAsync();

        // Assert: NotFound is status 5, so code -32005.
        var error = reply.GetProperty("error");
        Assert.Equal(-32005, error.GetProperty("code").GetInt32());
        Assert.Equal("NotFound", error.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(7, reply.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task A_request_with_a_bad_member_but_a_readable_id_is_invalid_request_with_that_id()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendAsync("""{"jsonrpc":"1.0","method":"echo.reverse","params":["x"],"id":"v1"}""");

        // Assert
        JsonAssert.SameMeaning("""{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":"v1"}""", await socket.ReceiveAsync());
    }
}
