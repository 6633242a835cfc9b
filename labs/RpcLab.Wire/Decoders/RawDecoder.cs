using System.Text.Json;
using RpcLab.Wire.Capture;

namespace RpcLab.Wire.Decoders;

/// <summary>
/// The raw-socket toolkit's frames: a 4-byte big-endian length counting the payload only, then one UTF-8 JSON
/// message <c>{"header": kind, "value": {...}}</c> (transports/RpcLab.Transports.Raw/README.md).
/// </summary>
public sealed class RawDecoder : DirectionalDecoder
{
    public override string Layers => "TCP, 4-byte length frames, JSON messages {header, value}";

    protected override string Types => "JSON values, with the declared types beside them (argTypes, returnTypes)";

    protected override WireFacts? ReadMessage(WireReader reader, bool fromServer, bool isAnswer)
    {
        if (reader.Remaining < 4 || reader.Remaining < 4 + reader.PeekUInt32BigEndian())
        {
            reader.TakeRest("a frame cut short (the capture ended)");
            return null;
        }

        var length = (int)reader.PeekUInt32BigEndian();
        reader.Begin();
        reader.Take(4, "raw frame length", $"{length}: the payload's length, big-endian, the prefix not counted");
        var notes = JsonNotes.Lines(reader.Peek(length), out var root);
        reader.Take(length, "JSON message", notes);
        var kind = JsonNotes.String(root, "header") ?? "?";
        reader.End($"raw {kind}", isAnswer);
        var value = root is { } r && r.TryGetProperty("value", out var v) ? v : (JsonElement?)null;
        if (kind == "request" && JsonNotes.String(value, "service") is { } service && JsonNotes.String(value, "rpc") is { } rpc)
        {
            return new WireFacts(MethodCarrier: $"JSON members service \"{service}\" + rpc \"{rpc}\"");
        }

        if (fromServer && kind is "response" or "exception" or "end")
        {
            return new WireFacts(Status: kind == "exception" ? $"header \"exception\", type \"{JsonNotes.String(value, "type")}\", status {JsonNotes.String(value, "status")}" : $"header \"{kind}\"");
        }

        return new WireFacts();
    }
}
