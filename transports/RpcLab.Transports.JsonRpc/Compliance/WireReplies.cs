using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using RpcLab.Services.Errors;

namespace RpcLab.Transports.JsonRpc.Compliance;

/// <summary>
/// The JSON the handler writes or rewrites itself: the specification's error replies (members in the order its
/// examples show: jsonrpc, result or error, id), batch arrays, and the id swaps between the peer's ids and the
/// handler's own. Knows JSON-RPC's envelope only, never the data inside. Thread-safe (stateless).
/// </summary>
internal static class WireReplies
{
    public const string ParseError = "Parse error";
    public const string InvalidRequest = "Invalid Request";
    public const string MethodNotFound = "Method not found";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An error reply to the peer; <paramref name="status"/>, when given, goes out as <c>data.status</c>.</summary>
    public static byte[] Error(MessageId? id, int code, string message, RpcStatusCode? status = null) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        WriteError(w, code, message, status);
        w.WritePropertyName("id");
        w.WriteRawValue((id ?? MessageId.Null).Raw, skipInputValidation: true);
        w.WriteEndObject();
    });

    /// <summary>An error reply carrying an RpcLab status (code -32000 - status).</summary>
    public static byte[] Status(MessageId? id, RpcStatusCode status, string detail) =>
        Error(id, JsonRpcErrorCodes.FromStatus(status), detail, status);

    /// <summary><c>{"jsonrpc":"2.0","result":null,"id":...}</c>.</summary>
    public static byte[] NullResult(MessageId id) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        w.WriteNull("result");
        w.WritePropertyName("id");
        w.WriteRawValue(id.Raw, skipInputValidation: true);
        w.WriteEndObject();
    });

    /// <summary>An error response to one of this end's own requests, made up for StreamJsonRpc when the real one cannot be read.</summary>
    public static byte[] ErrorFor(long ownId, int code, string message, RpcStatusCode? status) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        w.WriteNumber("id", ownId);
        WriteError(w, code, message, status);
        w.WriteEndObject();
    });

    /// <summary>The <c>$/cancelRequest</c> notification StreamJsonRpc understands, for the request it knows as <paramref name="ownId"/>.</summary>
    public static byte[] CancelRequest(long ownId) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        w.WriteString("method", "$/cancelRequest");
        w.WriteStartObject("params");
        w.WriteNumber("id", ownId);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>The replies of a batch as one array.</summary>
    public static byte[] Array(IReadOnlyList<byte[]> replies)
    {
        var buffer = new ArrayBufferWriter<byte>(replies.Sum(r => r.Length + 1) + 1);
        buffer.Write("["u8);
        for (var i = 0; i < replies.Count; i++)
        {
            if (i > 0)
            {
                buffer.Write(","u8);
            }

            buffer.Write(replies[i]);
        }

        buffer.Write("]"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>How many bytes longer than the peer's message <see cref="WithId"/> may make it (an id added: <c>"id":</c>, 20 digits and a comma).</summary>
    public const int MaxIdGrowth = 32;

    /// <summary>
    /// The request or notification <paramref name="json"/> with <paramref name="ownId"/> as its id (replacing the
    /// peer's, or added), written into <paramref name="output"/> (at least <see cref="MaxIdGrowth"/> bytes longer
    /// than <paramref name="json"/>); returns its length.
    /// </summary>
    public static int WithId(ReadOnlySpan<byte> json, in Envelope envelope, long ownId, Span<byte> output)
    {
        Span<byte> digits = stackalloc byte[24];
        ownId.TryFormat(digits, out var length, provider: CultureInfo.InvariantCulture);
        digits = digits[..length];
        var rest = output;
        if (envelope.IdValue is { } id)
        {
            var (start, end) = (id.Start.Value, id.End.Value);
            Append(ref rest, json[..start]);
            Append(ref rest, digits);
            Append(ref rest, json[end..]);
        }
        else
        {
            var open = envelope.ObjectStart + 1;
            Append(ref rest, json[..open]);
            Append(ref rest, "\"id\":"u8);
            Append(ref rest, digits);
            Append(ref rest, ","u8);
            Append(ref rest, json[open..]);
        }

        return output.Length - rest.Length;

        static void Append(ref Span<byte> rest, scoped ReadOnlySpan<byte> part)
        {
            part.CopyTo(rest);
            rest = rest[part.Length..];
        }
    }

    /// <summary>
    /// StreamJsonRpc's serialized reply (<c>{"jsonrpc":"2.0","id":own,"result":...}</c>) with the peer's id in place
    /// of the handler's, written last as in the specification's examples, into <paramref name="output"/>.
    /// </summary>
    public static void WithPeerId(ReadOnlySpan<byte> reply, MessageId id, IBufferWriter<byte> output)
    {
        var reader = new Utf8JsonReader(reply);
        reader.Read();
        int cutStart = -1, cutEnd = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)reader.TokenStartIndex;
            var isId = reader.ValueTextEquals("id"u8);
            reader.Read();
            reader.Skip();
            if (isId)
            {
                (cutStart, cutEnd) = (nameStart, (int)reader.BytesConsumed);
                break;
            }
        }

        if (cutStart < 0)
        {
            throw new InvalidOperationException("a reply without an id");
        }

        // Take a separating comma with the member: the one after it, or else the one before it.
        if (cutEnd < reply.Length && reply[cutEnd] == ',')
        {
            cutEnd++;
        }
        else if (reply[..cutStart].TrimEnd(" \t\r\n"u8) is var before && before[^1] == ',')
        {
            cutStart = before.Length - 1;
        }

        var close = reply.LastIndexOf((byte)'}');
        var rest = reply[cutEnd..close];
        var separator = reply[..cutStart].TrimEnd(" \t\r\n"u8)[^1] == '{' && rest.Trim(" \t\r\n"u8).IsEmpty ? ""u8 : ","u8;
        output.Write(reply[..cutStart]);
        output.Write(rest);
        output.Write(separator);
        output.Write("\"id\":"u8);
        output.Write(id.Raw);
        output.Write(reply[close..]);
    }

    private static void WriteError(Utf8JsonWriter w, int code, string message, RpcStatusCode? status)
    {
        w.WriteStartObject("error");
        w.WriteNumber("code", code);
        w.WriteString("message", message);
        if (status is { } s)
        {
            w.WriteStartObject("data");
            w.WriteString("status", s.ToString());
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>For error messages: the text of a JSON value, shortened.</summary>
    public static string Shorten(string json) => json.Length <= 60 ? json : json[..57] + "...";
}
