using RpcLab.Services;
using RpcLab.Tests.Interop;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.JsonRpc;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// npm's vscode-jsonrpc client leaving one of our server streams early: its <c>$/enumerator/abort</c> (StreamJsonRpc's
/// convention) ends the stream on the server (the producer stops), and a pull after it is StreamJsonRpc's -32001.
/// </summary>
public sealed class VscodeJsonRpcStreamInteropTests
{
    [PeerFact(Peer.NodeJsonRpc)]
    public async Task A_vscode_jsonrpc_client_that_leaves_a_stream_early_ends_it_on_the_server()
    {
        // Arrange
        await using var host = ServiceHost.Create(new ServiceOptions());
        var echo = new StreamCountingEcho(host.Services.Echo);
        await using var server = await new JsonRpcTransport().StartServerAsync(host.Services with { Echo = echo }, new ServerOptions { Port = 0 });

        // Act
        var steps = await JsonRpcNodePeer.RunClientAsync(server.Port);
        using var settle = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (echo.Open > 0 && !settle.IsCancellationRequested)
        {
            await Task.Delay(50);
        }

        // Assert
        Assert.True(steps.ContainsKey("done"), string.Join('\n', steps.Values));
        Assert.Equal(["long #1", "long #2"], steps["streamLeftEarly"].GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(-32001, steps["nextAfterAbort"].GetProperty("code").GetInt32());
        Assert.Equal(2, echo.Started);
        Assert.Equal(0, echo.Open);
    }
}
