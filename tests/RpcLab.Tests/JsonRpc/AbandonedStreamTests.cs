using System.Text.Json;
using RpcLab.Services;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.JsonRpc;
using RpcLab.Transports.JsonRpc.Server;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// Server streams that clients abandon in every way a client can (drop the connection after a value,
/// drop it while a pull is waiting, never pull, abort twice, pull after the end): after many cycles no
/// stream is still running on the server and no connection is left open.
/// </summary>
public sealed class AbandonedStreamTests
{
    private const int Cycles = 30;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Streams_abandoned_in_every_way_leave_nothing_running_and_no_connection_open()
    {
        // Arrange
        await using var host = ServiceHost.Create(new ServiceOptions());
        var echo = new StreamCountingEcho(host.Services.Echo);
        await using var server = await new JsonRpcTransport().StartServerAsync(host.Services with { Echo = echo }, new ServerOptions { Port = 0 });
        var connections = (JsonRpcServer)server;

        // Act
        await Task.WhenAll(Enumerable.Range(0, Cycles).Select(i => AbandonAsync(server.Port, i % 3)));
        var stillOpen = await SettleAsync(() => echo.Open + connections.ConnectionCount);

        // Assert
        Assert.Equal(Cycles / 3 * 2, echo.Started);
        Assert.Equal(0, echo.Open);
        Assert.Equal(0, connections.ConnectionCount);
        Assert.Equal(0, stillOpen);
    }

    [Fact]
    public async Task Abort_twice_next_after_abort_and_next_after_the_end_are_answered_as_StreamJsonRpc_does()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        await using var socket = await server.ConnectRawAsync();
        var aborted = await socket.CallForTokenAsync("""{"jsonrpc":"2.0","method":"echo.repeat","params":["a",5],"id":1}""");
        var finished = await socket.CallForTokenAsync("""{"jsonrpc":"2.0","method":"echo.repeat","params":["b",1],"id":2}""");

        // Act
        var replies = new List<string>();
        foreach (var message in new[]
        {
            $$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":{"token":{{aborted}}},"id":3}""",
            $$"""{"jsonrpc":"2.0","method":"$/enumerator/abort","params":{"token":{{aborted}}},"id":4}""",
            $$"""{"jsonrpc":"2.0","method":"$/enumerator/abort","params":{"token":{{aborted}}},"id":5}""",
            $$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":{"token":{{aborted}}},"id":6}""",
            $$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":[{{finished}}],"id":7}""",
            $$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":[{{finished}}],"id":8}""",
            $$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":[{{finished}}],"id":9}""",
            """{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":3},"id":10}""",
        })
        {
            await socket.SendAsync(message);
            replies.Add((await socket.ReceiveAsync()).GetRawText());
        }

        // Assert: an abort (a request here, to see its answer) frees the token: a second abort is accepted and
        // does nothing, a later pull names a token that no longer exists (-32001); a stream that reported
        // finished is freed the same way.
        Assert.Equal("""{"jsonrpc":"2.0","result":{"values":["a #1"],"finished":false},"id":3}""", replies[0]);
        Assert.Equal("""{"jsonrpc":"2.0","result":null,"id":4}""", replies[1]);
        Assert.Equal("""{"jsonrpc":"2.0","result":null,"id":5}""", replies[2]);
        Assert.All([replies[3], replies[6]], r => Assert.Equal(-32001, JsonDocument.Parse(r).RootElement.GetProperty("error").GetProperty("code").GetInt32()));
        Assert.Equal("""{"jsonrpc":"2.0","result":{"values":["b #1"],"finished":false},"id":7}""", replies[4]);
        Assert.Equal("""{"jsonrpc":"2.0","result":{"values":[],"finished":true},"id":8}""", replies[5]);
        Assert.Equal("""{"jsonrpc":"2.0","result":null,"id":10}""", replies[7]);
    }

    [Fact]
    public async Task Open_result_streams_are_bounded_and_an_ended_one_frees_its_place()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync(new JsonRpcOptions { MaxConcurrentRequests = 2 });
        await using var socket = await server.ConnectRawAsync();
        var first = await socket.CallForTokenAsync("""{"jsonrpc":"2.0","method":"echo.repeat","params":["x",100],"id":1}""");
        await socket.CallForTokenAsync("""{"jsonrpc":"2.0","method":"echo.repeat","params":["x",100],"id":2}""");

        // Act
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"echo.repeat","params":["x",100],"id":3}""");
        var refused = await socket.ReceiveAsync();
        await socket.SendAsync($$"""{"jsonrpc":"2.0","method":"$/enumerator/abort","params":[{{first}}],"id":4}""");
        await socket.ReceiveAsync();
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"echo.repeat","params":["x",100],"id":5}""");
        var accepted = await socket.ReceiveAsync();

        // Assert
        Assert.Equal(-32008, refused.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("too many open streams on this connection (limit 2)", refused.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Number, accepted.GetProperty("result").GetProperty("token").ValueKind);
    }

    /// <summary>0: one value then the socket is dropped; 1: dropped while a pull waits; 2: a token never pulled.</summary>
    private static async Task AbandonAsync(int port, int way)
    {
        await using var socket = await RawJsonRpcSocket.ConnectAsync(port, JsonRpcFraming.ContentLength);
        var interval = way == 1 ? 60_000 : 0;
        var token = await socket.CallForTokenAsync($$"""{"jsonrpc":"2.0","method":"echo.repeat","params":["x",10000,{{interval}}],"id":1}""");
        if (way == 2)
        {
            return;
        }

        await socket.SendAsync($$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":{"token":{{token}}},"id":2}""");
        var first = await socket.ReceiveAsync();
        Assert.Equal("x #1", first.GetProperty("result").GetProperty("values")[0].GetString());
        if (way == 1)
        {
            // The first value comes at once; the second pull waits a minute for the next one.
            await socket.SendAsync($$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":{"token":{{token}}},"id":3}""");
        }
    }

    private static async Task<int> SettleAsync(Func<int> remaining)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (remaining() > 0 && !timeout.IsCancellationRequested)
        {
            await Task.Delay(50);
        }

        return remaining();
    }
}
