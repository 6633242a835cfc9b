using System.Globalization;
using System.Text;
using RpcLab.Wire.Capture;

namespace RpcLab.Wire.Decoders;

/// <summary>
/// HTTP/1.1 (RFC 9112) as REST uses it: a request line or status line, header lines, a blank line, then a body
/// delimited by Content-Length or by chunked transfer coding, shown as JSON by System.Text.Json.
/// </summary>
public sealed class Http1Decoder : DirectionalDecoder
{
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    public override string Layers => "TCP, HTTP/1.1 messages (start line, headers, body), JSON bodies";

    protected override string Types => "JSON (proto3's JSON mapping: int64 as strings, enums by name), text headers";

    protected override WireFacts? ReadMessage(WireReader reader, bool fromServer, bool isAnswer)
    {
        var ahead = reader.Peek(reader.Remaining);
        var end = ahead.IndexOf(HeaderEnd);
        if (end < 0)
        {
            reader.TakeRest("a header section cut short (the capture ended)");
            return null;
        }

        var lines = Encoding.ASCII.GetString(ahead[..end]).Split("\r\n");
        var startLine = lines[0];
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(h => h.Length == 2).ToLookup(h => h[0].Trim().ToLowerInvariant(), h => h[1].Trim());
        reader.Begin();
        reader.Take(end + HeaderEnd.Length, fromServer ? "HTTP/1.1 status line and headers" : "HTTP/1.1 request line and headers", [.. lines, "(blank line: the headers end)"]);
        if (headers["transfer-encoding"].Any(v => v.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
        {
            Chunks(reader);
        }
        else if (headers["content-length"].FirstOrDefault() is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            length = Math.Min(length, reader.Remaining);
            if (length > 0)
            {
                reader.Take(length, "body (Content-Length)", JsonNotes.Lines(reader.Peek(length), out _));
            }
        }
        else if (fromServer && reader.Remaining > 0)
        {
            reader.Take(reader.Remaining, "body (until the connection closes)", JsonNotes.Lines(reader.Peek(reader.Remaining), out _));
        }

        reader.End(startLine, isAnswer);
        return fromServer ? new WireFacts(Status: $"the status line: {startLine}") : new WireFacts(MethodCarrier: $"the request line: {startLine} (method and URL)");
    }

    // Each chunk: its size in hex and CRLF, the data, CRLF; a size of 0 ends the body (no trailers expected here).
    private static void Chunks(WireReader reader)
    {
        var body = new List<byte>();
        while (reader.Remaining > 0)
        {
            var ahead = reader.Peek(reader.Remaining);
            var lineEnd = ahead.IndexOf(Crlf);
            if (lineEnd < 0 || !int.TryParse(Encoding.ASCII.GetString(ahead[..lineEnd]).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size))
            {
                return;
            }

            if (size == 0)
            {
                var last = Math.Min(lineEnd + HeaderEnd.Length, reader.Remaining);
                reader.Take(last, "last chunk", ["size 0: the body ends", "the body, joined:", .. JsonNotes.Lines(body.ToArray(), out _)]);
                return;
            }

            var take = Math.Min(lineEnd + Crlf.Length + size + Crlf.Length, reader.Remaining);
            body.AddRange(ahead.Slice(lineEnd + Crlf.Length, Math.Min(size, take - lineEnd - Crlf.Length)));
            reader.Take(take, "chunk", $"size line \"{Encoding.ASCII.GetString(ahead[..lineEnd])}\" = {size} bytes of body, the data, then CRLF");
        }
    }
}
