using System.Text;
using System.Text.Json;
using RpcLab.Wire.Capture;

namespace RpcLab.Wire.Decoders;

/// <summary>
/// JSON-RPC 2.0 over TCP in either framing: <c>Content-Length: N\r\n\r\n</c> headers before each message (as
/// vscode-jsonrpc and StreamJsonRpc frame), or one message per line; told apart by the first bytes of each
/// direction. The message is described by its members (request, notification, result, error).
/// </summary>
public sealed class JsonRpcDecoder : IWireDecoder
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    public string Layers => "TCP, Content-Length headers or newline framing, JSON-RPC 2.0 messages";

    public (IReadOnlyList<WireMessage> Messages, WireFacts Facts) Decode(DirectionStream clientToServer, DirectionStream serverToClient)
    {
        var facts = new WireFacts(Types: "JSON: string, number, true/false, null, array, object");
        var client = new WireReader(clientToServer);
        var server = new WireReader(serverToClient);
        facts = Messages(client, answer: false).Or(facts);
        facts = Messages(server, answer: true).Or(facts);
        return ([.. client.Messages, .. server.Messages], facts);
    }

    private static WireFacts Messages(WireReader reader, bool answer)
    {
        string? method = null;
        string? status = null;
        var first = true;
        while (reader.Remaining > 0)
        {
            var ahead = reader.Peek(reader.Remaining);
            int length;
            string title;
            reader.Begin();
            if (ahead.StartsWith("Content-"u8) || ahead.StartsWith("content-"u8))
            {
                var end = ahead.IndexOf(HeaderEnd);
                if (end < 0)
                {
                    reader.TakeRest("a header cut short (the capture ended)");
                    break;
                }

                var headers = Encoding.ASCII.GetString(ahead[..end]);
                var contentLength = headers.Split("\r\n").Select(h => h.Split(':', 2)).FirstOrDefault(h => h.Length == 2 && h[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase));
                if (contentLength is null || !int.TryParse(contentLength[1].Trim(), out length) || end + HeaderEnd.Length + length > ahead.Length)
                {
                    reader.TakeRest("a Content-Length frame without a usable length, or cut short");
                    break;
                }

                reader.Take(end + HeaderEnd.Length, "Content-Length framing", [.. headers.Split("\r\n"), $"then a blank line; the next {length} bytes are the message"]);
                var notes = JsonNotes.Lines(reader.Peek(length), out var root);
                title = Kind(root, ref method, ref status);
                reader.Take(length, "JSON-RPC message", [title, .. notes]);
            }
            else
            {
                var newline = ahead.IndexOf((byte)'\n');
                length = newline < 0 ? ahead.Length : newline;
                var notes = JsonNotes.Lines(ahead[..length], out var root);
                title = Kind(root, ref method, ref status);
                reader.Take(length, "JSON-RPC message", [title, .. notes]);
                if (newline >= 0)
                {
                    reader.Take(1, "newline framing", "\\n ends the message");
                }
            }

            reader.End($"JSON-RPC {title}", answer && first);
            first = false;
        }

        return new WireFacts(method, status);
    }

    private static string Kind(JsonElement? root, ref string? method, ref string? status)
    {
        if (root is { ValueKind: JsonValueKind.Array } batch)
        {
            return $"a batch of {batch.GetArrayLength()}";
        }

        if (JsonNotes.String(root, "method") is { } name)
        {
            method ??= $"the \"method\" member: \"{name}\"";
            return JsonNotes.Has(root, "id") ? $"request \"{name}\", id {root!.Value.GetProperty("id")}" : $"notification \"{name}\" (no id: no reply)";
        }

        if (root is { } r && r.TryGetProperty("error", out var error))
        {
            var code = error.TryGetProperty("code", out var c) ? c.ToString() : "?";
            status ??= $"an \"error\" member, code {code}";
            return $"error reply, code {code}";
        }

        if (JsonNotes.Has(root, "result"))
        {
            status ??= "a \"result\" member (success)";
            return $"result reply, id {root!.Value.GetProperty("id")}";
        }

        return "not a JSON-RPC message";
    }
}
