using RpcLab.Network;
using RpcLab.Tests.Interop;
using RpcLab.Wire.Capture;

namespace RpcLab.Tests.Wire;

/// <summary>
/// The ZMTP and zerorpc decoder on captured calls: to our NetMQ server, and to the Python peer on pyzmq (libzmq,
/// another ZMTP implementation: version 3.1 in its greeting) and msgpack.
/// </summary>
public sealed class ZeroRpcWireTests
{
    [Fact]
    public async Task Our_server_echo_reverse()
    {
        var call = await WireCaptures.CallAsync("zerorpc", "echo.reverse", ["hello"]);

        AssertEchoCall(call.Transcript);
    }

    [PeerFact(Peer.PythonZeroRpc)]
    public async Task Pyzmq_server_echo_reverse()
    {
        await using var peer = await ZeroRpcPythonServer.StartAsync();

        var call = await WireCaptures.CallAsync("zerorpc", "echo.reverse", ["hello"], peer.Port);

        Assert.True(call.Error is null, $"{call.Error}\n{peer.Describe()}");
        AssertEchoCall(call.Transcript);
        Assert.Contains("version 3.1", WireCaptures.Notes(call.Transcript, RelayDirection.ServerToClient, "ZMTP version"));
    }

    private static void AssertEchoCall(WireTranscript t)
    {
        WireCaptures.AssertCoversEveryByte(t);
        foreach (var direction in new[] { RelayDirection.ClientToServer, RelayDirection.ServerToClient })
        {
            Assert.StartsWith("ZMTP greeting 3.", t.Messages.First(m => m.Direction == direction).Title);
            Assert.Contains("mechanism \"NULL\": no security, READY follows", WireCaptures.Notes(t, direction, "ZMTP mechanism"));
            Assert.Contains("command READY", WireCaptures.Notes(t, direction, "ZMTP command"));
        }

        Assert.Contains("property Socket-Type = \"DEALER\"", WireCaptures.Notes(t, RelayDirection.ClientToServer, "ZMTP command"));
        Assert.Contains("property Socket-Type = \"ROUTER\"", WireCaptures.Notes(t, RelayDirection.ServerToClient, "ZMTP command"));
        var request = WireCaptures.Notes(t, RelayDirection.ClientToServer, "zerorpc event (msgpack)");
        Assert.Contains("zerorpc event \"echo.reverse\": [header, name, args] in msgpack", request);
        Assert.Contains(request, n => n.Trim().StartsWith("str(10) \"message_id\" => bin(32) ", StringComparison.Ordinal));
        Assert.Contains(request, n => n.Trim() == "[0] str(5) \"hello\"");
        var reply = WireCaptures.Notes(t, RelayDirection.ServerToClient, "zerorpc event (msgpack)");
        Assert.Contains(reply, n => n.Trim().StartsWith("str(11) \"response_to\" => bin(32) ", StringComparison.Ordinal));
        Assert.Contains(reply, n => n.Trim() == "[0] str(5) \"olleh\"");
        Assert.Contains(t.Messages, m => m.Parts.Any(p => p.Layer == "ZMTP empty delimiter"));
        Assert.Equal("the event name (msgpack str) \"echo.reverse\"", t.Facts.MethodCarrier);
        Assert.Equal("the event name \"OK\"", t.Facts.Status);
        Assert.Contains("bin", t.Facts.Types, StringComparison.Ordinal);
    }
}
