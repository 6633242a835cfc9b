using RpcLab.Network;
using RpcLab.Tests.Interop;
using RpcLab.Wire.Capture;

namespace RpcLab.Tests.Wire;

/// <summary>
/// The gRPC decoder on captured calls: to our grpc-dotnet server, and to Python grpcio (C core), another HTTP/2 and
/// HPACK implementation. (Huffman decoding is covered by RFC 7541's examples in <see cref="HpackDecoderTests"/>.)
/// </summary>
public sealed class GrpcWireTests
{
    private const string Request = "00 00 00 00 07 0a 05 68 65 6c 6c 6f";
    private const string Reply = "00 00 00 00 07 0a 05 6f 6c 6c 65 68";

    [Fact]
    public async Task Our_server_echo_reverse()
    {
        var call = await WireCaptures.CallAsync("grpc", "echo.reverse", ["hello"]);
        var t = call.Transcript;

        Assert.Equal("\"olleh\"", call.Result);
        WireCaptures.AssertCoversEveryByte(t);
        Assert.Equal("connection preface", t.Messages[0].Title);
        AssertEchoCall(t);
    }

    [PeerFact(Peer.PythonGrpc)]
    public async Task Python_grpcio_server_echo_reverse()
    {
        await using var server = await PythonGrpcServer.StartAsync();

        var call = await WireCaptures.CallAsync("grpc", "echo.reverse", ["hello"], server.Port);
        var t = call.Transcript;

        Assert.True(call.Error is null, $"{call.Error}\n{server.Describe()}");
        WireCaptures.AssertCoversEveryByte(t);
        AssertEchoCall(t);

        // grpcio's encoder, not Kestrel's: its own header list, entered into its dynamic table.
        var headers = WireCaptures.Notes(t, RelayDirection.ServerToClient, "HPACK header block");
        Assert.Contains(headers, n => n.StartsWith("grpc-accept-encoding: ", StringComparison.Ordinal) && n.Contains("incremental indexing", StringComparison.Ordinal));
    }

    [PeerFact(Peer.PythonGrpc)]
    public async Task Python_grpcio_not_found_is_in_the_trailers()
    {
        await using var server = await PythonGrpcServer.StartAsync();

        var call = await WireCaptures.CallAsync("grpc", "users.get", ["999"], server.Port);

        Assert.NotNull(call.Error);
        WireCaptures.AssertCoversEveryByte(call.Transcript);
        var headers = WireCaptures.Notes(call.Transcript, RelayDirection.ServerToClient, "HPACK header block");
        Assert.Contains(headers, n => n.StartsWith("grpc-status: 5 ", StringComparison.Ordinal));
        Assert.Contains(headers, n => n.StartsWith($"grpc-message: {PythonGrpcServer.NotFoundMessage("999")}", StringComparison.Ordinal));
        Assert.StartsWith("grpc-status 5", call.Transcript.Facts.Status);
    }

    private static void AssertEchoCall(WireTranscript t)
    {
        Assert.Contains(Request, WireCaptures.Hex(t, RelayDirection.ClientToServer, "gRPC message"));
        Assert.Contains(Reply, WireCaptures.Hex(t, RelayDirection.ServerToClient, "gRPC message"));
        var request = WireCaptures.Notes(t, RelayDirection.ClientToServer, "HPACK header block");
        Assert.Contains(request, n => n.StartsWith(":path: /rpclab.echo.Echo/Reverse ", StringComparison.Ordinal));
        Assert.Contains(request, n => n.StartsWith("content-type: application/grpc", StringComparison.Ordinal));
        Assert.Contains(WireCaptures.Notes(t, RelayDirection.ServerToClient, "HPACK header block"), n => n.StartsWith("grpc-status: 0 ", StringComparison.Ordinal));
        Assert.Contains(WireCaptures.Notes(t, RelayDirection.ClientToServer, "gRPC message"), n => n.Contains("field 1 LEN message (string) = \"hello\"", StringComparison.Ordinal));
        Assert.Contains(WireCaptures.Notes(t, RelayDirection.ServerToClient, "gRPC message"), n => n.Contains("protobuf rpclab.echo.EchoReply", StringComparison.Ordinal));
        Assert.Contains(t.Messages, m => m.Title.StartsWith("SETTINGS", StringComparison.Ordinal) && m.Direction == RelayDirection.ServerToClient);
        Assert.StartsWith(":path /rpclab.echo.Echo/Reverse", t.Facts.MethodCarrier);
        Assert.StartsWith("grpc-status 0", t.Facts.Status);
        Assert.Single(t.Messages, m => m.IsAnswer);
    }
}
