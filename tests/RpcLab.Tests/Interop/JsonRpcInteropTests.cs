using RpcLab.Services.Errors;
using RpcLab.Tests.JsonRpc;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.JsonRpc;

namespace RpcLab.Tests.Interop;

/// <summary>
/// npm's vscode-jsonrpc against our transport, both ways: its client calls our server (request, named
/// params, notification, errors, cancellation, a stream by the enumerator protocol), and our client
/// calls a method it serves (result, error, deadline that cancels its handler).
/// </summary>
public sealed class JsonRpcInteropTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [PeerFact(Peer.NodeJsonRpc)]
    public async Task Vscode_jsonrpc_client_calls_our_server()
    {
        // Arrange
        await using var server = await JsonRpcTestServer.StartAsync();

        // Act
        var steps = await JsonRpcNodePeer.RunClientAsync(server.Port);

        // Assert
        Assert.True(steps.ContainsKey("done"), string.Join('\n', steps.Values));
        Assert.Equal("olleh", steps["request"].GetProperty("result").GetString());
        Assert.Equal(19, steps["namedParams"].GetProperty("result").GetInt32());
        Assert.Contains(await server.WaitForCallAsync(c => c.Method == "update"), c => c.Method == "update" && c.Status == RpcStatusCode.OK);
        Assert.Equal(-32601, steps["unknownMethod"].GetProperty("code").GetInt32());
        Assert.Equal(-32602, steps["invalidParams"].GetProperty("code").GetInt32());
        Assert.Equal(-32005, steps["applicationError"].GetProperty("code").GetInt32());
        Assert.Equal("NotFound", steps["applicationError"].GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(-32800, steps["cancellation"].GetProperty("code").GetInt32());
        Assert.Equal("cancelled", await server.Echo.DelayEnded.WaitAsync(Patience));
        Assert.Equal(["hi #1", "hi #2", "hi #3"], steps["stream"].GetProperty("values").EnumerateArray().Select(v => v.GetString()));
    }

    [PeerFact(Peer.NodeJsonRpc)]
    public async Task Our_client_calls_a_vscode_jsonrpc_server()
    {
        // Arrange
        await using var peer = await JsonRpcNodePeer.StartServerAsync();
        await using var client = await new JsonRpcTransport().ConnectAsync(new ClientOptions { Port = peer.Port });

        // Act
        var reversed = await client.Services.Echo.ReverseAsync("hello").WaitAsync(Patience);
        var notFound = await Assert.ThrowsAsync<RpcException>(() => client.Services.Users.GetAsync("999").WaitAsync(Patience));
        var deadline = await Assert.ThrowsAsync<RpcException>(() =>
            client.With(new CallOptions { Timeout = TimeSpan.FromMilliseconds(300) }).Echo.DelayAsync("slow", 60_000).WaitAsync(Patience));
        var peerSaw = await peer.NextEventAsync(Patience);

        // Assert
        Assert.Equal("olleh", reversed);
        Assert.Equal(RpcStatusCode.NotFound, notFound.Status);
        Assert.Equal("no user with id 999", notFound.Detail);
        Assert.Equal(RpcStatusCode.DeadlineExceeded, deadline.Status);
        Assert.Equal("cancelled", peerSaw.GetProperty("event").GetString());
    }
}
