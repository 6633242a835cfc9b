using RpcLab.Network;
using RpcLab.Tests.Interop;
using RpcLab.Wire.Capture;

namespace RpcLab.Tests.Wire;

/// <summary>The JSON-RPC decoder on captured calls: to our StreamJsonRpc server and to a vscode-jsonrpc server.</summary>
public sealed class JsonRpcWireTests
{
    [Fact]
    public async Task Our_server_echo_reverse()
    {
        var call = await WireCaptures.CallAsync("jsonrpc", "echo.reverse", ["hello"]);

        AssertEchoCall(call.Transcript);
    }

    [PeerFact(Peer.NodeJsonRpc)]
    public async Task Vscode_jsonrpc_server_echo_reverse()
    {
        await using var peer = await JsonRpcNodePeer.StartServerAsync();

        var call = await WireCaptures.CallAsync("jsonrpc", "echo.reverse", ["hello"], peer.Port);

        Assert.Null(call.Error);
        AssertEchoCall(call.Transcript);
    }

    [Fact]
    public void Newline_framing_is_recognised()
    {
        var chunks = new List<RelayChunk>
        {
            new(1, RelayDirection.ClientToServer, TimeSpan.Zero, "{\"jsonrpc\":\"2.0\",\"method\":\"echo.reverse\",\"params\":[\"hi\"],\"id\":1}\n"u8.ToArray()),
            new(1, RelayDirection.ServerToClient, TimeSpan.FromMilliseconds(1), "{\"jsonrpc\":\"2.0\",\"result\":\"ih\",\"id\":1}\n"u8.ToArray()),
        };

        var t = WireTranscript.Decode("jsonrpc", chunks);

        WireCaptures.AssertCoversEveryByte(t);
        Assert.Equal(2, t.Messages.SelectMany(m => m.Parts).Count(p => p.Layer == "newline framing"));
        Assert.Equal("the \"method\" member: \"echo.reverse\"", t.Facts.MethodCarrier);
    }

    private static void AssertEchoCall(WireTranscript t)
    {
        WireCaptures.AssertCoversEveryByte(t);
        Assert.All(t.Messages, m => Assert.Equal("Content-Length framing", m.Parts[0].Layer));
        Assert.Contains(WireCaptures.Notes(t, RelayDirection.ClientToServer, "JSON-RPC message"), n => n.StartsWith("request \"echo.reverse\"", StringComparison.Ordinal));
        Assert.Contains(WireCaptures.Notes(t, RelayDirection.ServerToClient, "JSON-RPC message"), n => n.Contains("\"result\": \"olleh\"", StringComparison.Ordinal));
        Assert.Equal("the \"method\" member: \"echo.reverse\"", t.Facts.MethodCarrier);
        Assert.Equal(1, t.RoundTripsBeforeAnswer());
    }
}
