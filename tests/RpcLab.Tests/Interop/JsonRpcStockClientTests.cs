using System.Net.Sockets;
using Newtonsoft.Json.Linq;
using RpcLab.Services.Contracts;
using RpcLab.Tests.JsonRpc;
using StreamJsonRpc;

namespace RpcLab.Tests.Interop;

/// <summary>
/// A stock StreamJsonRpc client, as any .NET program would write it (<c>JsonRpc.Attach</c> on a NetworkStream:
/// StreamJsonRpc's own Content-Length handler and Newtonsoft formatter, none of our code), against our server:
/// a result, an error whose code carries the status, a cancelled call and a streamed result.
/// </summary>
public sealed class JsonRpcStockClientTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_stock_StreamJsonRpc_client_gets_a_result_a_status_error_a_cancellation_and_a_stream()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        using var rpc = StreamJsonRpc.JsonRpc.Attach(tcp.GetStream());

        // Act
        var reversed = await rpc.InvokeAsync<string>("echo.reverse", "hello").WaitAsync(Patience);
        var notFound = await Assert.ThrowsAsync<RemoteInvocationException>(() => rpc.InvokeAsync<User>("users.get", "999").WaitAsync(Patience));
        using var cancellation = new CancellationTokenSource();
        var slow = rpc.InvokeWithCancellationAsync<string>("echo.delay", ["slow", 60_000], cancellation.Token);
        await server.Echo.DelayStarted.WaitAsync(Patience);
        await cancellation.CancelAsync();
        var cancelled = await Record.ExceptionAsync(() => slow.WaitAsync(Patience));
        var serverSaw = await server.Echo.DelayEnded.WaitAsync(Patience);
        var items = new List<string>();
        await foreach (var item in (await rpc.InvokeAsync<IAsyncEnumerable<string>>("echo.repeat", "hi", 3).WaitAsync(Patience)).WithCancellation(CancellationToken.None))
        {
            items.Add(item);
        }

        // Assert
        Assert.Equal("olleh", reversed);
        Assert.Equal(-32005, notFound.ErrorCode);
        Assert.Equal("no user with id \"999\"", notFound.Message);
        Assert.Equal("NotFound", Assert.IsType<JObject>(notFound.ErrorData)["status"]?.ToString());
        Assert.IsAssignableFrom<OperationCanceledException>(cancelled);
        Assert.Equal("cancelled", serverSaw);
        Assert.Equal(["hi #1", "hi #2", "hi #3"], items);
    }
}
