using System.Globalization;
using System.Numerics;
using System.Text;
using RpcLab.Transports.Rpyc.Objects;
using RpcLab.Transports.Rpyc.Wire;

namespace RpcLab.Transports.Rpyc.Protocol;

/// <summary>
/// <c>repr()</c> and <c>str()</c> as Python prints them, for what our server's lists and dicts hold: a Python user
/// printing <c>show_files()</c> must see <c>['a.txt', "it's"]</c>, quotes and escapes as Python chooses them (single
/// quotes unless the text holds one and no double quote; non-printable characters escaped by Unicode category, as
/// <c>str.isprintable</c> decides). Stateless and thread-safe.
/// </summary>
internal static class PyRepr
{
    public static string Of(object? value) => value switch
    {
        null => "None",
        true => "True",
        false => "False",
        long or int or BigInteger => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => Float(d),
        string s => Str(s),
        byte[] b => Bytes(b),
        object?[] { Length: 1 } one => $"({Of(one[0])},)",
        object?[] tuple => $"({string.Join(", ", tuple.Select(Of))})",
        Complex c => $"({Float(c.Real)}{(c.Imaginary < 0 ? "-" : "+")}{Float(Math.Abs(c.Imaginary))}j)",
        PyConstant constant => constant.ToString(),
        PySlice slice => $"slice({Of(slice.Start)}, {Of(slice.Stop)}, {Of(slice.Step)})",
        PyFrozenSet set => set.Items.Count == 0 ? "frozenset()" : $"frozenset({{{string.Join(", ", set.Items.Select(Of))}}})",
        LocalObject local => local.Repr(),
        RemoteRef remote => $"<netref {remote.Id.Name}>",
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary><c>str(value)</c>: a str as itself, anything else as its repr.</summary>
    public static string ToStr(object? value) => value switch
    {
        string s => s,
        LocalObject local => local.Str(),
        _ => Of(value),
    };

    public static string Str(string text)
    {
        var quote = text.Contains('\'') && !text.Contains('"') ? '"' : '\'';
        var builder = new StringBuilder(text.Length + 2).Append(quote);
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (rune.Value == quote)
                    {
                        builder.Append('\\').Append(quote);
                    }
                    else if (IsPrintable(rune))
                    {
                        builder.Append(rune.ToString());
                    }
                    else
                    {
                        builder.Append(rune.Value switch
                        {
                            < 0x100 => $"\\x{rune.Value:x2}",
                            < 0x10000 => $"\\u{rune.Value:x4}",
                            _ => $"\\U{rune.Value:x8}",
                        });
                    }

                    break;
            }
        }

        return builder.Append(quote).ToString();
    }

    public static string Bytes(byte[] bytes)
    {
        var quote = bytes.Contains((byte)'\'') && !bytes.Contains((byte)'"') ? '"' : '\'';
        var builder = new StringBuilder(bytes.Length + 3).Append('b').Append(quote);
        foreach (var b in bytes)
        {
            builder.Append(b switch
            {
                (byte)'\\' => "\\\\",
                (byte)'\n' => "\\n",
                (byte)'\r' => "\\r",
                (byte)'\t' => "\\t",
                _ when b == quote => $"\\{quote}",
                >= 0x20 and < 0x7f => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }

        return builder.Append(quote).ToString();
    }

    /// <summary>Python's float repr: the shortest text that reads back, with ".0" on whole numbers, and exponents past 1e16.</summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var exponent = value == 0 ? 0 : (int)Math.Floor(Math.Log10(Math.Abs(value)));
        if (exponent is >= -4 and < 16)
        {
            var text = value.ToString("R", CultureInfo.InvariantCulture);
            if (text.Contains('E'))
            {
                text = value.ToString("0.################", CultureInfo.InvariantCulture);
            }

            return text.Contains('.') ? text : text + ".0";
        }

        var scientific = value.ToString("R", CultureInfo.InvariantCulture);
        if (!scientific.Contains('E'))
        {
            scientific = value.ToString("0.################E+0", CultureInfo.InvariantCulture);
        }

        var e = scientific.IndexOf('E', StringComparison.Ordinal);
        var mantissa = scientific[..e];
        var power = int.Parse(scientific[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{mantissa}e{(power < 0 ? "-" : "+")}{Math.Abs(power):00}");
    }

    // str.isprintable: everything but the "Other" and "Separator" categories, the space excepted.
    private static bool IsPrintable(Rune rune) =>
        rune.Value == ' ' || Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator);
}
