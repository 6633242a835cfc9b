using RpcLab.Wire.Capture;

namespace RpcLab.Wire.Decoders;

/// <summary>
/// The raw-socket toolkit's frames: a 4-byte big-endian length counting the payload only, then one UTF-8 JSON
/// message <c>{"header": kind, "value": {...}}</c> (transports/RpcLab.Transports.Raw/README.md).
/// </summary>
public sealed class RawDecoder : IWireDecoder
{
    public string Layers => "TCP, 4-byte length frames, JSON messages {header, value}";

    public (IReadOnlyList<WireMessage> Messages, WireFacts Facts) Decode(DirectionStream clientToServer, DirectionStream serverToClient)
    {
        var facts = new WireFacts(Types: "JSON values, with the declared types beside them (argTypes, returnTypes)");
        var client = new WireReader(clientToServer);
        var server = new WireReader(serverToClient);
        facts = Frames(client, answer: false).Or(facts);
        facts = Frames(server, answer: true).Or(facts);
        return ([.. client.Messages, .. server.Messages], facts);
    }

    private static WireFacts Frames(WireReader reader, bool answer)
    {
        string? method = null;
        string? status = null;
        var first = true;
        while (reader.Remaining > 0)
        {
            if (reader.Remaining < 4 || reader.Remaining < 4 + reader.PeekUInt32BigEndian())
            {
                reader.TakeRest("a frame cut short (the capture ended)");
                break;
            }

            var length = (int)reader.PeekUInt32BigEndian();
            reader.Begin();
            reader.Take(4, "raw frame length", $"{length}: the payload's length, big-endian, the prefix not counted");
            var notes = JsonNotes.Lines(reader.Peek(length), out var root);
            reader.Take(length, "JSON message", notes);
            var kind = JsonNotes.String(root, "header") ?? "?";
            var value = root is { } r && r.TryGetProperty("value", out var v) ? v : (System.Text.Json.JsonElement?)null;
            if (kind == "request" && JsonNotes.String(value, "service") is { } service && JsonNotes.String(value, "rpc") is { } rpc)
            {
                method ??= $"JSON members service \"{service}\" + rpc \"{rpc}\"";
            }
            else if (answer && kind is "response" or "exception" or "end")
            {
                status ??= kind == "exception" ? $"header \"exception\", type \"{JsonNotes.String(value, "type")}\", status {JsonNotes.String(value, "status")}" : $"header \"{kind}\"";
            }

            reader.End($"raw {kind}", answer && first);
            first = false;
        }

        return new WireFacts(method, status);
    }
}
