using RpcLab.Cli.Calls;
using RpcLab.Composition;
using RpcLab.Network;
using RpcLab.Transports.Hosting;
using RpcLab.Wire.Capture;
using RpcLab.Wire.Render;

namespace RpcLab.Tests.Wire;

/// <summary>Captures for the decoder tests: one call through the tap, to our server (started for it) or to a foreign one, and the checks every capture must pass.</summary>
public static class WireCaptures
{
    /// <summary><c>rpclab wire</c>'s own path: the call through the tap, decoded.</summary>
    public static Task<WireCall> CallAsync(string transport, string method, string[] words, int? port = null) =>
        TappedCall.RunAsync(TransportRegistry.Get(transport), method, words, "127.0.0.1", port, CallOptions.Default, CancellationToken.None);

    /// <summary>Every captured byte is in exactly one part, in order: the decoders shows the captured bytes, all of them.</summary>
    public static void AssertCoversEveryByte(WireTranscript transcript)
    {
        foreach (var group in transcript.Chunks.GroupBy(c => (c.Connection, c.Direction)))
        {
            var captured = group.SelectMany(c => c.Data.ToArray()).ToArray();
            var shown = transcript.Messages
                .Where(m => m.Connection == group.Key.Connection && m.Direction == group.Key.Direction)
                .OrderBy(m => m.Offset)
                .SelectMany(m => m.Parts)
                .SelectMany(p => p.Bytes.ToArray())
                .ToArray();
            Assert.Equal(captured, shown);
        }
    }

    /// <summary>The notes of every part of one layer, one direction.</summary>
    public static List<string> Notes(WireTranscript transcript, RelayDirection direction, string layer) =>
        [.. transcript.Messages.Where(m => m.Direction == direction).SelectMany(m => m.Parts).Where(p => p.Layer == layer).SelectMany(p => p.Notes)];

    /// <summary>The bytes of every part of one layer, one direction, as hex pairs.</summary>
    public static List<string> Hex(WireTranscript transcript, RelayDirection direction, string layer) =>
        [.. transcript.Messages.Where(m => m.Direction == direction).SelectMany(m => m.Parts).Where(p => p.Layer == layer).Select(p => RpcLab.Wire.Capture.Hex.Pairs(p.Bytes.Span))];
}
