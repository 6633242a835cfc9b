using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace RpcLab.Seminar.Checks.RawSockets;

/// <summary>
/// The raw wire as the checker writes it, by hand: a frame is a 4-byte big-endian length and one UTF-8 JSON message
/// <c>{"header": ..., "value": {...}}</c>. The checker builds its own bytes rather than using RpcLab's client, so it
/// can send exactly the bytes the sheet shows, and bytes no client would send. Thread-safe (stateless).
/// </summary>
public static class RawFrames
{
    /// <summary>The largest reply the checker accepts: it checks a length before allocating, as it asks students to.</summary>
    public const int MaxReply = 1 << 20;

    /// <summary>A frame around <paramref name="json"/>: its UTF-8 length, big-endian, then the text.</summary>
    public static byte[] Frame(string json)
    {
        var payload = Encoding.UTF8.GetBytes(json);
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)payload.Length);
        payload.CopyTo(frame, 4);
        return frame;
    }

    /// <summary>
    /// A request's JSON, properties in the order the raw toolkit's README shows: <c>id, service, rpc, args, argTypes,
    /// returnTypes</c> (the last left out when null). <paramref name="args"/> are JSON literals.
    /// </summary>
    public static string Request(long id, string service, string rpc, IReadOnlyList<string> args, IReadOnlyList<string> argTypes, IReadOnlyList<string>? returnTypes = null)
    {
        var returns = returnTypes is null ? string.Empty : $",\"returnTypes\":[{string.Join(',', returnTypes.Select(Quote))}]";
        return $"{{\"header\":\"request\",\"value\":{{\"id\":{id},\"service\":{Quote(service)},\"rpc\":{Quote(rpc)},\"args\":[{string.Join(',', args)}],\"argTypes\":[{string.Join(',', argTypes.Select(Quote))}]{returns}}}}}";
    }

    /// <summary>A JSON string literal of <paramref name="text"/>.</summary>
    public static string Quote(string text) => JsonSerializer.Serialize(text);

    /// <summary>Bytes as the sheet shows them: hex of the prefix, then the text of the payload.</summary>
    public static string Show(ReadOnlySpan<byte> frame) =>
        frame.Length < 4 ? Convert.ToHexString(frame) : $"{Convert.ToHexString(frame[..4])} {Encoding.UTF8.GetString(frame[4..])}";
}
