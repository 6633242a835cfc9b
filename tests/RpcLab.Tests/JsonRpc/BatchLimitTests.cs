using System.Text.Json;
using RpcLab.Transports.JsonRpc;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// A batch is bounded: one small frame of thousands of entries must not make the server start thousands
/// of tasks and build a reply many times the request's size (each 2-byte entry <c>1,</c> would cost a
/// 75-byte error). Nested batches and batches at the limit still follow the specification.
/// </summary>
public sealed class BatchLimitTests
{
    [Fact]
    public async Task A_batch_over_the_limit_gets_one_resource_exhausted_error_and_nothing_runs()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync(new JsonRpcOptions { MaxBatchSize = 10 });
        await using var socket = await server.ConnectRawAsync();
        var entries = Enumerable.Range(1, 11).Select(i => $$"""{"jsonrpc":"2.0","method":"echo.reverse","params":["m{{i}}"],"id":{{i}}}""");

        // Act
        await socket.SendAsync("[" + string.Join(",", entries) + "]");
        var reply = await socket.ReceiveAsync();
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"echo.reverse","params":["after"],"id":"z"}""");
        var next = await socket.ReceiveAsync();

        // Assert
        Assert.Equal(JsonValueKind.Object, reply.ValueKind);
        Assert.Equal(-32008, reply.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("batch of 11 entries exceeds the limit of 10", reply.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, reply.GetProperty("id").ValueKind);
        Assert.Equal("retfa", next.GetProperty("result").GetString());
        Assert.Single(server.Calls, c => c.Method == "echo.reverse");
    }

    [Fact]
    public async Task The_default_limit_refuses_a_small_frame_of_many_tiny_entries()
    {
        // Arrange: 5 000 invalid entries in 10 KB.
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendAsync("[" + string.Join(",", Enumerable.Repeat("1", 5000)) + "]");
        var reply = await socket.ReceiveAsync();

        // Assert
        Assert.Equal(JsonValueKind.Object, reply.ValueKind);
        Assert.Equal(-32008, reply.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_batch_at_the_limit_is_answered_entry_by_entry_and_a_nested_batch_is_an_invalid_entry()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync(new JsonRpcOptions { MaxBatchSize = 3 });
        await using var socket = await server.ConnectRawAsync();

        // Act
        await socket.SendAsync("""[{"jsonrpc":"2.0","method":"echo.reverse","params":["ab"],"id":1},[{"jsonrpc":"2.0","method":"echo.reverse","params":["cd"],"id":2}],{"jsonrpc":"2.0","method":"notify_hello","params":[7]}]""");
        var reply = await socket.ReceiveAsync();

        // Assert
        JsonAssert.SameMeaning(
            """[{"jsonrpc":"2.0","result":"ba","id":1},{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}]""",
            reply,
            anyArrayOrder: true);
    }
}
