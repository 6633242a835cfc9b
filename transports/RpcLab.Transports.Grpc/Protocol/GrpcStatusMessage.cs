using System.Globalization;
using System.Text;

namespace RpcLab.Transports.Grpc.Protocol;

/// <summary>
/// The <c>grpc-message</c> header's percent-encoding: the UTF-8 bytes of the text, with every byte outside
/// printable ASCII (0x20-0x7E) and '%' itself written as %XX. Thread-safe.
/// </summary>
public static class GrpcStatusMessage
{
    /// <summary>
    /// The longest encoded value sent. Clients cap a response's headers and trailers at 8 KiB by default
    /// (PROTOCOL-HTTP2.md); grpc-core reports a larger status as RESOURCE_EXHAUSTED and the real one is lost.
    /// </summary>
    public const int MaxEncodedLength = 4096;

    private const string TruncatedMarker = " [truncated]";

    /// <summary>The header value for <paramref name="text"/>, cut between characters to <see cref="MaxEncodedLength"/>.</summary>
    public static string Encode(string text)
    {
        if (text.Length <= MaxEncodedLength && !text.AsSpan().ContainsAnyExceptInRange(' ', '~') && !text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(Math.Min(text.Length * 3, MaxEncodedLength + 12));
        var lastFit = 0;
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length && builder.Length <= MaxEncodedLength;)
        {
            // A whole character at a time, so a cut never splits a UTF-8 sequence; a lone surrogate becomes U+FFFD.
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed);
            i += consumed;
            foreach (var b in utf8[..rune.EncodeToUtf8(utf8)])
            {
                if (b is < 0x20 or > 0x7E or (byte)'%')
                {
                    builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append((char)b);
                }
            }

            if (builder.Length <= MaxEncodedLength - TruncatedMarker.Length)
            {
                lastFit = builder.Length;
            }
        }

        if (builder.Length <= MaxEncodedLength)
        {
            return builder.ToString();
        }

        builder.Length = lastFit;
        return builder.Append(TruncatedMarker).ToString();
    }

    /// <summary>Decodes leniently, as the spec asks: a malformed %-sequence is kept as it is.</summary>
    public static string Decode(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
            {
                bytes.Add((byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2])));
                i += 2;
            }
            else
            {
                // Header values are ASCII; anything else was not encoded by a conforming peer, keep its UTF-8.
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
