using System.Buffers.Binary;

namespace RpcLab.Transports.Raw.Framing;

/// <summary>
/// The byte layout of one frame: a 4-byte unsigned length in network byte order (big-endian), then that
/// many bytes of payload. The length counts the payload only, never the prefix itself. Framing knows nothing
/// of what the payload means (the protocol layer puts one UTF-8 JSON message in it). Thread-safe (stateless).
/// </summary>
public static class FrameLayout
{
    /// <summary>The size of the length prefix.</summary>
    public const int PrefixSize = 4;

    public static void WritePrefix(Span<byte> destination, int payloadLength) =>
        BinaryPrimitives.WriteUInt32BigEndian(destination, checked((uint)payloadLength));

    /// <summary>The declared payload length, as sent: up to 4 GiB - 1, which is why a reader checks it against its limit before anything else.</summary>
    public static uint ReadPrefix(ReadOnlySpan<byte> source) => BinaryPrimitives.ReadUInt32BigEndian(source);

    /// <summary>A whole frame around <paramref name="payload"/> (for tests, tools and the lab sheets; the hot path builds frames in place).</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[PrefixSize + payload.Length];
        WritePrefix(frame, payload.Length);
        payload.CopyTo(frame.AsSpan(PrefixSize));
        return frame;
    }
}
