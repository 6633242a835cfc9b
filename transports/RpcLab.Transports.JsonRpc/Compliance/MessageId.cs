using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace RpcLab.Transports.JsonRpc.Compliance;

/// <summary>
/// A JSON-RPC id as the peer wrote it: <see cref="Raw"/> is its exact JSON text, echoed byte for byte in the
/// reply (1.0 stays 1.0, 12345678901234567890123 stays whole); <see cref="Key"/> compares two ids by value, so
/// a <c>$/cancelRequest</c> finds its request. Immutable.
/// </summary>
internal sealed class MessageId
{
    public static readonly MessageId Null = new("null"u8.ToArray(), JsonTokenType.Null, null, null);

    private readonly JsonTokenType _token;
    private readonly string? _text;

    private MessageId(byte[] raw, JsonTokenType token, string? text, long? number)
    {
        Raw = raw;
        _token = token;
        _text = text;
        Number = number;
    }

    public byte[] Raw { get; }

    /// <summary>Equal for equal ids: a string by its decoded text, a number by its text, null as itself. Made only when asked for.</summary>
    public string Key => _token switch
    {
        JsonTokenType.String => "s:" + (_text ?? Encoding.UTF8.GetString(Raw)),
        JsonTokenType.Number => "n:" + Encoding.UTF8.GetString(Raw),
        _ => "null",
    };

    /// <summary>The value when it is an integer written plainly, as the ids this end issues are.</summary>
    public long? Number { get; }

    /// <summary>The id of a string, number or null token; null for any other JSON (not an id the specification allows).</summary>
    public static MessageId? From(JsonTokenType token, string? text, ReadOnlySpan<byte> raw) => token switch
    {
        JsonTokenType.String => new MessageId(raw.ToArray(), token, text, null),
        JsonTokenType.Number => new MessageId(raw.ToArray(), token, null, Utf8Parser.TryParse(raw, out long n, out var used) && used == raw.Length ? n : null),
        JsonTokenType.Null => Null,
        _ => null,
    };

    public override string ToString() => Encoding.UTF8.GetString(Raw);
}
