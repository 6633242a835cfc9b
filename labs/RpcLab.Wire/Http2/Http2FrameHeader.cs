using System.Buffers.Binary;

namespace RpcLab.Wire.Http2;

/// <summary>
/// The 9 octets that start every HTTP/2 frame (RFC 9113 section 4.1): a 24-bit payload length, the type, the
/// flags, and a reserved bit with the 31-bit stream identifier.
/// </summary>
public readonly record struct Http2FrameHeader(int Length, byte Type, byte Flags, int StreamId)
{
    public const int Size = 9;

    /// <summary>The connection preface a client sends first (section 3.4); then its SETTINGS frame.</summary>
    public static ReadOnlySpan<byte> ClientPreface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    public static Http2FrameHeader Read(ReadOnlySpan<byte> bytes) => new(
        (bytes[0] << 16) | (bytes[1] << 8) | bytes[2],
        bytes[3],
        bytes[4],
        (int)(BinaryPrimitives.ReadUInt32BigEndian(bytes[5..]) & 0x7FFF_FFFF));

    public string TypeName => Http2Names.FrameType(Type);

    public bool Has(byte flag) => (Flags & flag) != 0;

    /// <summary>"length 12, DATA, flags END_STREAM, stream 1".</summary>
    public string Describe() => $"length {Length}, type {TypeName} (0x{Type:x}), flags {Http2Names.Flags(Type, Flags)}, stream {StreamId}";
}
