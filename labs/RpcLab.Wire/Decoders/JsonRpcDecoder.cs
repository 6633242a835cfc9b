using System.Text;
using System.Text.Json;
using RpcLab.Wire.Capture;

namespace RpcLab.Wire.Decoders;

/// <summary>
/// JSON-RPC 2.0 over TCP in either framing: <c>Content-Length: N\r\n\r\n</c> headers before each message (as
/// vscode-jsonrpc and StreamJsonRpc frame), or one message per line; told apart by each message's first bytes.
/// The message is described by its members (request, notification, result, error).
/// </summary>
public sealed class JsonRpcDecoder : DirectionalDecoder
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    public override string Layers => "TCP, Content-Length headers or newline framing, JSON-RPC 2.0 messages";

    protected override string Types => "JSON: string, number, true/false, null, array, object";

    protected override WireFacts? ReadMessage(WireReader reader, bool fromServer, bool isAnswer)
    {
        var ahead = reader.Peek(reader.Remaining);
        int length;
        var newline = false;
        if (ahead.StartsWith("Content-"u8) || ahead.StartsWith("content-"u8))
        {
            var end = ahead.IndexOf(HeaderEnd);
            var headers = end < 0 ? [] : Encoding.ASCII.GetString(ahead[..end]).Split("\r\n");
            var contentLength = headers.Select(h => h.Split(':', 2)).FirstOrDefault(h => h.Length == 2 && h[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase));
            if (contentLength is null || !int.TryParse(contentLength[1].Trim(), out length) || end + HeaderEnd.Length + length > ahead.Length)
            {
                reader.TakeRest("a Content-Length frame without a usable length, or cut short (the capture ended)");
                return null;
            }

            reader.Begin();
            reader.Take(end + HeaderEnd.Length, "Content-Length framing", [.. headers, $"then a blank line; the next {length} bytes are the message"]);
        }
        else
        {
            var at = ahead.IndexOf((byte)'\n');
            (length, newline) = at < 0 ? (ahead.Length, false) : (at, true);
            reader.Begin();
        }

        var notes = JsonNotes.Lines(reader.Peek(length), out var root);
        var (title, facts) = Kind(root);
        reader.Take(length, "JSON-RPC message", [title, .. notes]);
        if (newline)
        {
            reader.Take(1, "newline framing", "\\n ends the message");
        }

        reader.End($"JSON-RPC {title}", isAnswer);
        return facts;
    }

    private static (string Title, WireFacts Facts) Kind(JsonElement? root)
    {
        if (root is { ValueKind: JsonValueKind.Array } batch)
        {
            return ($"a batch of {batch.GetArrayLength()}", new WireFacts());
        }

        if (JsonNotes.String(root, "method") is { } name)
        {
            var facts = new WireFacts(MethodCarrier: $"the \"method\" member: \"{name}\"");
            return JsonNotes.Has(root, "id") ? ($"request \"{name}\", id {root!.Value.GetProperty("id")}", facts) : ($"notification \"{name}\" (no id: no reply)", facts);
        }

        if (root is { } r && r.TryGetProperty("error", out var error))
        {
            var code = error.TryGetProperty("code", out var c) ? c.ToString() : "?";
            return ($"error reply, code {code}", new WireFacts(Status: $"an \"error\" member, code {code}"));
        }

        if (JsonNotes.Has(root, "result"))
        {
            return ($"result reply, id {root!.Value.GetProperty("id")}", new WireFacts(Status: "a \"result\" member (success)"));
        }

        return ("not a JSON-RPC message", new WireFacts());
    }
}
