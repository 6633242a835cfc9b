using System.Text;

namespace RpcLab.Wire.Zmtp;

/// <summary>
/// The 64-octet greeting each ZMTP 3.x peer sends first (rfc.zeromq.org 23 and 37): signature <c>FF, 8 octets,
/// 7F</c>, version major and minor, the security mechanism (20 octets, NUL-padded), as-server, 31 octets of filler.
/// </summary>
public sealed record ZmtpGreeting(byte Major, byte Minor, string Mechanism, bool AsServer)
{
    public const int Size = 64;

    /// <summary>The parts of the greeting in order: (layer, length).</summary>
    public static readonly (string Layer, int Length)[] Layout =
        [("ZMTP signature", 10), ("ZMTP version", 2), ("ZMTP mechanism", 20), ("ZMTP as-server", 1), ("ZMTP filler", 31)];

    /// <summary>True when <paramref name="bytes"/> start like a greeting (the signature's first and last octets).</summary>
    public static bool StartsGreeting(ReadOnlySpan<byte> bytes) => bytes.Length >= 10 && bytes[0] == 0xFF && bytes[9] == 0x7F;

    public static ZmtpGreeting Read(ReadOnlySpan<byte> bytes) =>
        new(bytes[10], bytes[11], Encoding.ASCII.GetString(bytes.Slice(12, 20)).TrimEnd('\0'), bytes[32] == 1);
}
