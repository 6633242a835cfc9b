using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// JSON-RPC 2.0 messages as UTF-8 JSON, on System.Text.Json: camelCase members, enums as camelCase
/// strings, byte arrays as base64, null rejected where the contract says non-nullable. Knows nothing of
/// sockets or framing. Thread-safe (stateless).
/// </summary>
internal static class JsonRpcFormatter
{
    public static JsonSerializerOptions SerializerOptions { get; } = CreateOptions();

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Readable on the wire view (é stays é); control characters are still escaped, so a message never holds a raw newline.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Parses one message (an object or a batch array). Throws JsonException on malformed JSON or invalid UTF-8.</summary>
    public static JsonElement Parse(byte[] payload)
    {
        // The reader checks the UTF-8 of a string only when it is decoded; a message must be valid as a whole.
        if (!System.Text.Unicode.Utf8.IsValid(payload))
        {
            throw new JsonException("the message is not valid UTF-8");
        }

        return JsonSerializer.Deserialize<JsonElement>(payload, SerializerOptions);
    }

    public static byte[] Request(long id, string method, object? parameters) => Write(w => WriteRequest(w, id, method, parameters));

    public static byte[] Notification(string method, object? parameters) => Write(w => WriteRequest(w, null, method, parameters));

    public static byte[] Result(JsonElement? id, object? result) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        w.WritePropertyName("result");
        JsonSerializer.Serialize(w, result, result?.GetType() ?? typeof(object), SerializerOptions);
        WriteId(w, id);
        w.WriteEndObject();
    });

    public static byte[] Error(JsonElement? id, JsonRpcError error) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        w.WriteStartObject("error");
        w.WriteNumber("code", error.Code);
        w.WriteString("message", error.Message);
        if (error.Status is { } status)
        {
            w.WriteStartObject("data");
            w.WriteString("status", status.ToString());
            w.WriteEndObject();
        }

        w.WriteEndObject();
        WriteId(w, id);
        w.WriteEndObject();
    });

    /// <summary>A batch reply: the given response objects as one array.</summary>
    public static byte[] Batch(IReadOnlyList<byte[]> responses)
    {
        var size = 2 + responses.Sum(r => r.Length + 1);
        var buffer = new byte[size - (responses.Count > 0 ? 1 : 0)];
        var at = 0;
        buffer[at++] = (byte)'[';
        for (var i = 0; i < responses.Count; i++)
        {
            if (i > 0)
            {
                buffer[at++] = (byte)',';
            }

            responses[i].CopyTo(buffer, at);
            at += responses[i].Length;
        }

        buffer[at] = (byte)']';
        return buffer;
    }

    public static object? Deserialize(JsonElement element, Type type) => element.Deserialize(type, SerializerOptions);

    private static void WriteRequest(Utf8JsonWriter w, long? id, string method, object? parameters)
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        w.WriteString("method", method);
        if (parameters is not null)
        {
            w.WritePropertyName("params");
            JsonSerializer.Serialize(w, parameters, parameters.GetType(), SerializerOptions);
        }

        if (id is { } value)
        {
            w.WriteNumber("id", value);
        }

        w.WriteEndObject();
    }

    private static void WriteId(Utf8JsonWriter w, JsonElement? id)
    {
        w.WritePropertyName("id");
        if (id is { } value)
        {
            // WriteTo keeps a number's text as it came (1.0, 1e3, 12345678901234567890): echoed unchanged.
            value.WriteTo(w);
        }
        else
        {
            w.WriteNullValue();
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
