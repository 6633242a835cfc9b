using System.Buffers.Binary;

namespace RpcLab.Wire.Zmtp;

/// <summary>
/// A ZMTP 3.x frame's header: the flags octet (bit 0 MORE, bit 1 LONG, bit 2 COMMAND) and the body size, one octet,
/// or eight big-endian octets when LONG is set.
/// </summary>
public readonly record struct ZmtpFrameHeader(byte Flags, long BodySize, int HeaderSize)
{
    public const byte More = 0x01, Long = 0x02, Command = 0x04;

    public bool IsMore => (Flags & More) != 0;

    public bool IsCommand => (Flags & Command) != 0;

    /// <summary>The header, or null when <paramref name="bytes"/> do not hold all of it.</summary>
    public static ZmtpFrameHeader? TryRead(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 2)
        {
            return null;
        }

        var flags = bytes[0];
        if ((flags & Long) == 0)
        {
            return new ZmtpFrameHeader(flags, bytes[1], 2);
        }

        return bytes.Length < 9 ? null : new ZmtpFrameHeader(flags, (long)BinaryPrimitives.ReadUInt64BigEndian(bytes[1..]), 9);
    }

    /// <summary>"flags 0x01 MORE, size 0".</summary>
    public string Describe()
    {
        var names = new List<string>();
        if (IsMore)
        {
            names.Add("MORE");
        }

        if ((Flags & Long) != 0)
        {
            names.Add("LONG");
        }

        if (IsCommand)
        {
            names.Add("COMMAND");
        }

        return $"flags 0x{Flags:x2} {(names.Count == 0 ? "(last frame, short)" : string.Join('|', names))}, body size {BodySize} ({(HeaderSize == 2 ? "1 octet" : "8 octets")})";
    }
}
