using System.Text;

namespace RpcLab.Wire.Capture;

/// <summary>Bytes as the wire view prints them: lowercase hex pairs and printable ASCII. Stateless.</summary>
public static class Hex
{
    /// <summary>"0a 05 68 65": every byte, separated by spaces.</summary>
    public static string Pairs(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>The bytes as ASCII, '.' for anything not printable.</summary>
    public static string Ascii(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        }

        return text.ToString();
    }

    /// <summary>At most <paramref name="max"/> bytes as pairs, with "…" when there are more.</summary>
    public static string Short(ReadOnlySpan<byte> bytes, int max = 16) =>
        bytes.Length <= max ? Pairs(bytes) : Pairs(bytes[..max]) + " …";
}
