using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.JsonRpc;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// Our client against a server that answers badly (a scripted fake): every call ends with a clear
/// status instead of waiting forever, and a request the client does not serve is answered -32601.
/// </summary>
public sealed class MisbehavingServerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_reply_with_both_result_and_error_fails_that_call_at_once()
    {
        // Arrange
        await using var server = ScriptedJsonRpcServer.Start();
        await using var client = await ConnectAsync(server.Port);
        var call = client.Services.Echo.ReverseAsync("hello");
        var request = await server.ReceiveAsync();

        // Act
        await server.SendAsync($$"""{"jsonrpc":"2.0","result":"olleh","error":{"code":-32000,"message":"both"},"id":{{request.GetProperty("id").GetRawText()}}}""");
        var error = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(Patience));

        // Assert
        Assert.Equal(RpcStatusCode.Internal, error.Status);
        Assert.Contains("result and error", error.Detail);
    }

    [Fact]
    public async Task A_reply_larger_than_the_clients_limit_fails_the_waiting_call_with_resource_exhausted()
    {
        // Arrange
        await using var server = ScriptedJsonRpcServer.Start();
        await using var client = await ConnectAsync(server.Port, maxMessageSize: 1000);
        var call = client.Services.Echo.ReverseAsync("hello");
        var request = await server.ReceiveAsync();

        // Act
        await server.SendAsync($$"""{"jsonrpc":"2.0","result":"{{new string('x', 5000)}}","id":{{request.GetProperty("id").GetRawText()}}}""");
        var error = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(Patience));

        // Assert
        Assert.Equal(RpcStatusCode.ResourceExhausted, error.Status);
        Assert.Contains("limit of 1000 bytes", error.Detail);
    }

    [Fact]
    public async Task A_reply_with_a_wrong_id_is_ignored_and_the_call_ends_at_its_deadline()
    {
        // Arrange: a wrong id cannot be matched to any call; only the caller's deadline can end the wait.
        await using var server = ScriptedJsonRpcServer.Start();
        await using var client = await ConnectAsync(server.Port);
        var call = client.With(new CallOptions { Timeout = TimeSpan.FromMilliseconds(500) }).Echo.ReverseAsync("hello");
        var request = await server.ReceiveAsync();

        // Act
        await server.SendAsync("""{"jsonrpc":"2.0","result":"olleh","id":"not-yours"}""");
        await server.SendAsync($$"""{"jsonrpc":"2.0","result":"olleh","id":{{request.GetProperty("id").GetInt64() + 1000}}}""");
        var error = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(Patience));
        var cancel = await server.ReceiveAsync();

        // Assert
        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.Status);
        Assert.Equal("$/cancelRequest", cancel.GetProperty("method").GetString());
        Assert.Equal(request.GetProperty("id").GetInt64(), cancel.GetProperty("params").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_request_from_the_server_for_a_method_the_client_does_not_serve_is_answered_method_not_found()
    {
        // Arrange
        await using var server = ScriptedJsonRpcServer.Start();
        await using var client = await ConnectAsync(server.Port);
        var call = client.Services.Echo.ReverseAsync("hello");
        var request = await server.ReceiveAsync();

        // Act: the server asks the client something, and sends a notification it does not know, before replying.
        await server.SendAsync("""{"jsonrpc":"2.0","method":"window/showMessageRequest","params":{"message":"hi"},"id":"s1"}""");
        await server.SendAsync("""{"jsonrpc":"2.0","method":"window/logMessage","params":{"message":"hi"}}""");
        var answer = await server.ReceiveRequestOrResponseAsync();
        await server.SendAsync($$"""{"jsonrpc":"2.0","result":"olleh","id":{{request.GetProperty("id").GetRawText()}}}""");
        var result = await call.WaitAsync(Patience);

        // Assert
        JsonAssert.SameMeaning("""{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":"s1"}""", answer);
        Assert.Equal("olleh", result);
    }

    private static Task<IRpcClient> ConnectAsync(int port, int maxMessageSize = RpcLimits.DefaultMaxMessageSize) =>
        new JsonRpcTransport().ConnectAsync(new ClientOptions { Port = port, MaxMessageSize = maxMessageSize });
}
