using System.Globalization;
using RpcLab.Network;
using RpcLab.Tests.Infrastructure;
using RpcLab.Tests.Interop;
using RpcLab.Wire.Capture;

namespace RpcLab.Tests.Wire;

/// <summary>
/// The rpyc decoder on captured calls: our client and our server; our client through the tap to the real rpyc
/// ThreadedServer (its replies, and its EXCEPTION for RpcLab's extension handler, brined by Python); and the real rpyc
/// client (Debian python3-rpyc 5.3) through the tap to our server, every frame of its session decoded.
/// </summary>
public sealed class RpycWireTests
{
    [Fact]
    public async Task Our_server_echo_reverse()
    {
        var call = await WireCaptures.CallAsync("rpyc", "echo.reverse", ["hello"]);

        Assert.True(call.Error is null, call.Error);
        var t = call.Transcript;
        WireCaptures.AssertCoversEveryByte(t);
        Assert.Contains(t.Messages, m => m.Title == "rpyc REQUEST seq 1 GETROOT");
        Assert.Contains(t.Messages, m => m.Title == "rpyc REQUEST seq 2 GETATTR \"echo\"");
        var request = WireCaptures.Notes(t, RelayDirection.ClientToServer, "rpyc message (brine)");
        Assert.Contains("REQUEST (type 1), seq 3, handler 8 CALLATTR", request);
        Assert.Contains(request, n => n.Trim() == "name = VALUE str(7) \"reverse\"");
        Assert.Contains(request, n => n.Trim() == "[0] str(5) \"hello\"");
        var answer = Assert.Single(t.Messages, m => m.IsAnswer);
        Assert.Equal("rpyc REPLY seq 3", answer.Title);
        Assert.Contains(answer.Parts.SelectMany(p => p.Notes), n => n.Trim() == "VALUE str(5) \"olleh\"");
        Assert.Equal("00 00 00", WireCaptures.Hex(t, RelayDirection.ClientToServer, "rpyc frame length")[0][..8]);
        Assert.All(WireCaptures.Notes(t, RelayDirection.ClientToServer, "rpyc compressed flag"), n => Assert.Equal("0: not compressed", n));
        Assert.All(WireCaptures.Hex(t, RelayDirection.ServerToClient, "rpyc frame end"), h => Assert.Equal("0a", h));
        Assert.Equal("attribute names as brine str in requests: GETATTR \"echo\", CALLATTR \"reverse\"", t.Facts.MethodCarrier);
        Assert.Equal("a REPLY message (type 2) to the call's seq 3", t.Facts.Status);
        Assert.Contains("str", t.Facts.Types, StringComparison.Ordinal);
        Assert.Equal(4, t.RoundTripsBeforeAnswer()); // RPCLAB_VALUES, GETROOT, GETATTR, then the CALLATTR answered
    }

    [Fact]
    public async Task A_long_argument_is_shown_inflated_from_its_zlib_frame()
    {
        var text = string.Concat(Enumerable.Repeat("abcdefgh", 500));

        var call = await WireCaptures.CallAsync("rpyc", "echo.reverse", [text]);

        Assert.True(call.Error is null, call.Error);
        var t = call.Transcript;
        WireCaptures.AssertCoversEveryByte(t);
        Assert.Contains("1: the payload is zlib (rpyc compresses payloads over 3,000 bytes)", WireCaptures.Notes(t, RelayDirection.ClientToServer, "rpyc compressed flag"));
        var compressed = WireCaptures.Notes(t, RelayDirection.ClientToServer, "rpyc message (zlib, brine)");
        Assert.Contains(compressed, n => n.StartsWith("zlib: ", StringComparison.Ordinal) && n.Contains(" bytes inflate to ", StringComparison.Ordinal));
        Assert.Contains(compressed, n => n.Trim() == $"[0] str(4000) \"{text}\"");
    }

    [Fact]
    public void Bytes_that_are_not_rpyc_are_shown_undecoded_never_thrown()
    {
        // A frame flagged compressed whose payload is not zlib, then one whose length does not end at a \n.
        byte[] notZlib = [0, 0, 0, 3, 1, 0x12, 0x34, 0x56, (byte)'\n'];
        var chunks = new List<RelayChunk>
        {
            new(1, RelayDirection.ClientToServer, TimeSpan.Zero, notZlib),
            new(1, RelayDirection.ClientToServer, TimeSpan.FromMilliseconds(1), new byte[] { 0, 0, 0, 2, 0, 0x12, 0x34, 0x99 }),
            new(1, RelayDirection.ServerToClient, TimeSpan.FromMilliseconds(2), new byte[] { 0, 0, 0, 9, 7 }),
        };

        var t = WireTranscript.Decode("rpyc", chunks);

        WireCaptures.AssertCoversEveryByte(t);
        Assert.Contains("not an rpyc message: a frame flagged compressed that is not zlib data", WireCaptures.Notes(t, RelayDirection.ClientToServer, "rpyc message (zlib, brine)"));
        Assert.Contains(WireCaptures.Notes(t, RelayDirection.ClientToServer, "undecoded"), n => n.StartsWith("not a whole rpyc frame", StringComparison.Ordinal));
        Assert.Contains("not an rpyc frame: the compressed flag is 7, not 0 or 1", WireCaptures.Notes(t, RelayDirection.ServerToClient, "undecoded"));
        Assert.Null(t.Facts.MethodCarrier);
        Assert.DoesNotContain(t.Messages, m => m.IsAnswer);
    }

    [PeerFact(Peer.PythonRpyc)]
    public async Task Our_client_to_the_python_threaded_server_shows_its_replies_and_exception()
    {
        await using var process = Peers.Start(Peer.PythonRpyc, "python/rpyc_server.py", "--port", "0");
        var line = await process.WaitForLineAsync(l => l.StartsWith("listening on ", StringComparison.Ordinal), "starting with 'listening on '");
        var port = int.Parse(line[(line.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);

        var call = await WireCaptures.CallAsync("rpyc", "echo.reverse", ["hello"], port);

        Assert.True(call.Error is null, $"{call.Error}\n{process.Describe()}");
        var t = call.Transcript;
        WireCaptures.AssertCoversEveryByte(t);
        // RpcLab's RPCLAB_VALUES handler is unknown to rpyc: it answers with an exception, brined by Python.
        Assert.StartsWith("rpyc EXCEPTION seq 0 builtins.", t.Messages.First(m => m.Direction == RelayDirection.ServerToClient).Title, StringComparison.Ordinal);
        var replies = WireCaptures.Notes(t, RelayDirection.ServerToClient, "rpyc message (brine)");
        Assert.Contains(replies, n => n.Trim().StartsWith("VALUE REMOTE_REF", StringComparison.Ordinal) || n.Trim().StartsWith("REMOTE_REF", StringComparison.Ordinal));
        var answer = Assert.Single(t.Messages, m => m.IsAnswer);
        Assert.Contains(answer.Parts.SelectMany(p => p.Notes), n => n.Trim() == "VALUE str(5) \"olleh\"");
        Assert.Equal("a REPLY message (type 2) to the call's seq 3", t.Facts.Status);
    }

    [PeerFact(Peer.PythonRpyc)]
    public async Task The_python_rpyc_client_through_the_tap_to_our_server()
    {
        Peers.EnsureAvailable(Peer.PythonRpyc);
        await using var server = await TestServer.StartAsync("rpyc");
        await using var tap = WireTap.Start(server.Host, server.Port);
        await using var peer = Peers.Start(Peer.PythonRpyc, "python/rpyc_client.py", "--port", tap.Port.ToString(CultureInfo.InvariantCulture));
        Assert.True(await peer.WaitForExitAsync() == 0, peer.Describe());
        await tap.WhenConnectionsEndAsync(TimeSpan.FromSeconds(10));

        var t = tap.Transcript("rpyc");

        WireCaptures.AssertCoversEveryByte(t);
        Assert.DoesNotContain(t.Messages, m => m.Parts.Any(p => p.Layer == "undecoded" || p.Notes.Any(n => n.StartsWith("not an rpyc message", StringComparison.Ordinal))));
        // Python's own brine: conn.root (GETROOT, INSPECT of the root), root.echo (GETATTR, INSPECT of what came back),
        // echo.reverse (GETATTR: a builtins.method needs no INSPECT), then CALL with the str argument.
        var requests = t.Messages.Where(m => m.Direction == RelayDirection.ClientToServer).Select(m => m.Title).Take(6).ToList();
        Assert.Equal(
            ["rpyc REQUEST seq 0 GETROOT", "rpyc REQUEST seq 1 INSPECT", "rpyc REQUEST seq 2 GETATTR \"echo\"", "rpyc REQUEST seq 3 INSPECT", "rpyc REQUEST seq 4 GETATTR \"reverse\"", "rpyc REQUEST seq 5 CALL"],
            requests);
        Assert.Contains(WireCaptures.Notes(t, RelayDirection.ClientToServer, "rpyc message (brine)"), n => n.Trim() == "[0] str(5) \"hello\"");
        Assert.Equal("attribute names as brine str in requests: GETATTR \"echo\", GETATTR \"reverse\", then CALL", t.Facts.MethodCarrier);
        Assert.Equal("a REPLY message (type 2) to the call's seq 5", t.Facts.Status);
        var answer = Assert.Single(t.Messages, m => m.IsAnswer);
        Assert.Contains(answer.Parts.SelectMany(p => p.Notes), n => n.Trim() == "VALUE str(5) \"olleh\"");
        // The upload's chunks, which our server pulls from the Python generator: bytes, kept apart from str.
        var sent = WireCaptures.Notes(t, RelayDirection.ClientToServer, "rpyc message (brine)").Concat(WireCaptures.Notes(t, RelayDirection.ClientToServer, "rpyc message (zlib, brine)"));
        Assert.Contains(sent, n => n.Contains("VALUE bytes(", StringComparison.Ordinal));
        Assert.Contains("bytes", t.Facts.Types, StringComparison.Ordinal);
    }
}
