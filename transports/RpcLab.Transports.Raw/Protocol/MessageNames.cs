using System.Text.Json;

namespace RpcLab.Transports.Raw.Protocol;

/// <summary>The property names and header values of the messages, encoded once. Thread-safe (immutable).</summary>
internal static class MessageNames
{
    public static readonly JsonEncodedText Header = JsonEncodedText.Encode("header");
    public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    public static readonly JsonEncodedText Service = JsonEncodedText.Encode("service");
    public static readonly JsonEncodedText Rpc = JsonEncodedText.Encode("rpc");
    public static readonly JsonEncodedText Args = JsonEncodedText.Encode("args");
    public static readonly JsonEncodedText ArgTypes = JsonEncodedText.Encode("argTypes");
    public static readonly JsonEncodedText ReturnTypes = JsonEncodedText.Encode("returnTypes");
    public static readonly JsonEncodedText Returns = JsonEncodedText.Encode("returns");
    public static readonly JsonEncodedText TimeoutMs = JsonEncodedText.Encode("timeoutMs");
    public static readonly JsonEncodedText Client = JsonEncodedText.Encode("client");
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    public static readonly JsonEncodedText Item = JsonEncodedText.Encode("item");
    public static readonly JsonEncodedText Count = JsonEncodedText.Encode("count");

    private static readonly JsonEncodedText[] Headers =
    [
        JsonEncodedText.Encode("request"),
        JsonEncodedText.Encode("response"),
        JsonEncodedText.Encode("exception"),
        JsonEncodedText.Encode("item"),
        JsonEncodedText.Encode("end"),
        JsonEncodedText.Encode("cancel"),
        JsonEncodedText.Encode("more"),
    ];

    public static JsonEncodedText HeaderOf(MessageKind kind) => Headers[(int)kind];

    /// <summary>The kind a header names, compared on the raw UTF-8 bytes (no string made for it).</summary>
    public static bool TryParseHeader(ref Utf8JsonReader reader, out MessageKind kind)
    {
        for (var i = 0; i < Headers.Length; i++)
        {
            if (reader.ValueTextEquals(Headers[i].EncodedUtf8Bytes))
            {
                kind = (MessageKind)i;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>"request, response, ... or more", for error messages.</summary>
    public static string HeaderList => string.Join(", ", Headers.Select(h => h.ToString()));
}
