using System.CommandLine.Parsing;
using System.Globalization;

namespace RpcLab.Cli.Commands;

/// <summary>
/// The parser of the size options (<c>--max-file-size</c>, <c>--files-quota</c>): a whole number of bytes, or one
/// with a binary unit (<c>512KiB</c>, <c>100MiB</c>, <c>1GiB</c>; <c>K</c>, <c>M</c>, <c>G</c> mean the same), because
/// nobody should have to type 1073741824. A word that is not such a size gets one sentence naming what was expected.
/// Stateless and thread-safe.
/// </summary>
public static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("K", 1L << 10), ("M", 1L << 20), ("G", 1L << 30), ("T", 1L << 40),
        ("B", 1),
    ];

    /// <summary>A parser for <paramref name="name"/>, which takes sizes of at least <paramref name="min"/> bytes.</summary>
    public static Func<ArgumentResult, long> Parser(string name, long min) => result =>
    {
        var word = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (TryParse(word, out var bytes) && bytes >= min)
        {
            return bytes;
        }

        result.AddError($"{name} must be a size of at least {min} bytes, in bytes or with a unit such as 512KiB, 100MiB or 1GiB; got '{word}'");
        return 0;
    };

    /// <summary>Reads "1048576", "1024KiB", "1M", "1 GiB"; false for anything else, and for a size beyond a long.</summary>
    public static bool TryParse(string word, out long bytes)
    {
        bytes = 0;
        var text = word.Trim();
        var factor = 1L;
        foreach (var (suffix, unit) in Units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                text = text[..^suffix.Length].TrimEnd();
                factor = unit;
                break;
            }
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > long.MaxValue / factor)
        {
            return false;
        }

        bytes = count * factor;
        return true;
    }
}
