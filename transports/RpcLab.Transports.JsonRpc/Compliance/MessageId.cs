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
    public static readonly MessageId Null = new("null"u8.ToArray(), "null", null);

    private MessageId(byte[] raw, string key, long? number)
    {
        Raw = raw;
        Key = key;
        Number = number;
    }

    public byte[] Raw { get; }

    public string Key { get; }

    /// <summary>The value when it is an integer written plainly, as the ids this end issues are.</summary>
    public long? Number { get; }

    /// <summary>The id of a string, number or null token; null for any other JSON (not an id the specification allows).</summary>
    public static MessageId? From(JsonTokenType token, string? text, ReadOnlySpan<byte> raw) => token switch
    {
        JsonTokenType.String => new MessageId(raw.ToArray(), "s:" + (text ?? Encoding.UTF8.GetString(raw)), null),
        JsonTokenType.Number => new MessageId(raw.ToArray(), "n:" + Encoding.UTF8.GetString(raw), Utf8Parser.TryParse(raw, out long n, out var used) && used == raw.Length ? n : null),
        JsonTokenType.Null => Null,
        _ => null,
    };

    public override string ToString() => Encoding.UTF8.GetString(Raw);
}
