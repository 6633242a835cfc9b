using System.Globalization;
using System.Text;
using System.Text.Json;
using RpcLab.Network;
using RpcLab.Wire.Capture;

namespace RpcLab.Wire.Render;

/// <summary>
/// Prints captured calls: each message in time order with its direction and time, each part's captured bytes as
/// hex and ASCII (offsets are the byte's place in its direction's stream) and the notes of its layer; for several
/// transports, a comparison table. Stateless and thread-safe.
/// </summary>
public static class WireRenderer
{
    /// <summary>Parts longer than this show their first bytes and how many more there are: the notes still describe all of it.</summary>
    public const int MaxHexBytes = 1024;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(IReadOnlyList<WireCall> calls, WireFormat format) => format switch
    {
        WireFormat.Json => Json(calls),
        _ => Document(calls, format == WireFormat.Markdown),
    };

    private static string Document(IReadOnlyList<WireCall> calls, bool markdown)
    {
        var text = new StringBuilder();
        foreach (var call in calls)
        {
            var t = call.Transcript;
            text.AppendLine(markdown ? $"## {call.Method} over {t.Transport}" : $"== {call.Method} over {t.Transport} ==");
            text.AppendLine(markdown ? "" : null);
            text.AppendLine($"layers: {t.Layers}");
            text.AppendLine($"client -> relay {call.Relay} -> server {call.Upstream}; {t.Connections} connection(s), {t.Bytes(RelayDirection.ClientToServer)} bytes sent, {t.Bytes(RelayDirection.ServerToClient)} received");
            text.AppendLine(call.Error is not null ? $"error: {call.Error}"
                : call.Result?.Contains('\n', StringComparison.Ordinal) == true ? $"result (one item per line):\n  {call.Result.ReplaceLineEndings("\n  ")}"
                : $"result: {call.Result}");
            text.AppendLine();

            // Times from the first byte, not from when the relay started listening (that includes the client's start-up).
            var start = t.Chunks.Count > 0 ? t.Chunks[0].At : TimeSpan.Zero;
            foreach (var message in t.Messages)
            {
                var header = $"{Arrow(message.Direction)}  +{Millis(message.At - start)} ms  {message.Title}  ({message.Length} bytes{(t.Connections > 1 ? $", connection {message.Connection}" : "")}){(message.IsAnswer ? "  <- the answer starts here" : "")}";
                if (markdown)
                {
                    text.AppendLine($"#### {header}").AppendLine().AppendLine("```text");
                }
                else
                {
                    text.AppendLine(header);
                }

                foreach (var part in message.Parts)
                {
                    Part(text, part, message.Offset + Before(message, part));
                }

                text.AppendLine(markdown ? "```" : null);
                if (markdown)
                {
                    text.AppendLine();
                }
            }
        }

        if (calls.Count > 1)
        {
            text.AppendLine(markdown ? "## Side by side" : "== side by side ==");
            text.AppendLine();
            text.Append(Table(calls, markdown));
        }

        return text.ToString();
    }

    /// <summary>The comparison table: bytes, messages, round trips, method carrier, status and types per transport.</summary>
    public static string Table(IReadOnlyList<WireCall> calls, bool markdown)
    {
        string[] headers = ["transport", "bytes sent", "bytes received", "messages sent/received", "round trips to answer", "method carried by", "status carried by", "types"];
        var rows = calls.Select(c =>
        {
            var t = c.Transcript;
            return new[]
            {
                t.Transport,
                t.Bytes(RelayDirection.ClientToServer).ToString(CultureInfo.InvariantCulture),
                t.Bytes(RelayDirection.ServerToClient).ToString(CultureInfo.InvariantCulture),
                $"{t.Count(RelayDirection.ClientToServer)}/{t.Count(RelayDirection.ServerToClient)}",
                t.RoundTripsBeforeAnswer()?.ToString(CultureInfo.InvariantCulture) ?? "-",
                t.Facts.MethodCarrier ?? "-",
                c.Error is null ? t.Facts.Status ?? "-" : $"{t.Facts.Status ?? "-"} ({c.Error})",
                t.Facts.Types ?? "-",
            };
        }).ToList();
        var text = new StringBuilder();
        if (markdown)
        {
            text.AppendLine($"| {string.Join(" | ", headers)} |");
            text.AppendLine($"|{string.Concat(headers.Select(_ => "---|"))}");
            foreach (var row in rows)
            {
                text.AppendLine($"| {string.Join(" | ", row.Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal)))} |");
            }

            return text.ToString();
        }

        // A terminal is too narrow for eight columns: the figures as a table, the descriptions as a list beneath.
        var widths = Enumerable.Range(0, 5).Select(i => Math.Max(headers[i].Length, rows.Max(r => r[i].Length))).ToArray();
        text.AppendLine(string.Join("  ", headers.Take(5).Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Take(5).Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
        }

        text.AppendLine();
        foreach (var row in rows)
        {
            text.AppendLine($"{row[0]}:");
            text.AppendLine($"  method: {row[5]}");
            text.AppendLine($"  status: {row[6]}");
            text.AppendLine($"  types:  {row[7]}");
        }

        return text.ToString();
    }

    private static void Part(StringBuilder text, WirePart part, long offset)
    {
        text.AppendLine($"  {part.Layer}");
        var bytes = part.Bytes.Span;
        var shown = Math.Min(bytes.Length, MaxHexBytes);
        for (var i = 0; i < shown; i += 16)
        {
            var line = bytes.Slice(i, Math.Min(16, shown - i));
            text.AppendLine($"    {(offset + i).ToString("x6", CultureInfo.InvariantCulture)}  {Hex.Pairs(line),-47}  {Hex.Ascii(line)}");
        }

        if (shown < bytes.Length)
        {
            text.AppendLine($"    … {bytes.Length - shown} more bytes");
        }

        foreach (var note in part.Notes)
        {
            text.AppendLine($"      {note}");
        }
    }

    private static long Before(WireMessage message, WirePart part)
    {
        long before = 0;
        foreach (var p in message.Parts)
        {
            if (ReferenceEquals(p, part))
            {
                break;
            }

            before += p.Bytes.Length;
        }

        return before;
    }

    private static string Arrow(RelayDirection direction) =>
        direction == RelayDirection.ClientToServer ? "client -> server" : "server -> client";

    private static string Millis(TimeSpan at) => at.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Json(IReadOnlyList<WireCall> calls) => JsonSerializer.Serialize(
        new
        {
            calls = calls.Select(c => new
            {
                method = c.Method,
                transport = c.Transcript.Transport,
                layers = c.Transcript.Layers,
                upstream = c.Upstream,
                relay = c.Relay,
                result = c.Result,
                error = c.Error,
                summary = new
                {
                    bytesSent = c.Transcript.Bytes(RelayDirection.ClientToServer),
                    bytesReceived = c.Transcript.Bytes(RelayDirection.ServerToClient),
                    messagesSent = c.Transcript.Count(RelayDirection.ClientToServer),
                    messagesReceived = c.Transcript.Count(RelayDirection.ServerToClient),
                    connections = c.Transcript.Connections,
                    roundTripsBeforeAnswer = c.Transcript.RoundTripsBeforeAnswer(),
                    methodCarrier = c.Transcript.Facts.MethodCarrier,
                    status = c.Transcript.Facts.Status,
                    types = c.Transcript.Facts.Types,
                },
                messages = c.Transcript.Messages.Select(m => new
                {
                    connection = m.Connection,
                    direction = m.Direction == RelayDirection.ClientToServer ? "client-to-server" : "server-to-client",
                    atMs = Math.Round(m.At.TotalMilliseconds, 3),
                    offset = m.Offset,
                    title = m.Title,
                    isAnswer = m.IsAnswer,
                    parts = m.Parts.Select(p => new { layer = p.Layer, hex = Convert.ToHexStringLower(p.Bytes.Span), notes = p.Notes }),
                }),
            }),
        },
        JsonOptions);
}
