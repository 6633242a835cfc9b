using System.Globalization;
using System.Text;

namespace RpcLab.Transports.Hosting;

/// <summary>
/// Text from a client made safe for a log line or a terminal: a method name, a user name, an error detail may carry a
/// newline that writes a whole fake log line, or an ANSI escape that takes over the server's terminal. Every log that
/// prints a value a client chose passes it through here. Stateless and thread-safe.
/// </summary>
public static class LogText
{
    /// <summary>
    /// <paramref name="text"/> on one line with nothing a terminal acts on: line breaks become <paramref name="lineBreak"/>
    /// (by default the escape <c>\n</c>), tabs <c>\t</c>, every other control or format character (C0, DEL, C1, bidi
    /// overrides, line and paragraph separators) <c>\u001B</c>-style. Printable text, any script, is kept as it is.
    /// </summary>
    public static string Escape(string? text, string? lineBreak = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        if (!NeedsEscaping(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n' && lineBreak is not null:
                    break; // \r\n is one break
                case '\r' or '\n' when lineBreak is not null:
                    builder.Append(lineBreak);
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
                    if (IsUnsafe(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEscaping(string text)
    {
        foreach (var c in text)
        {
            if (IsUnsafe(c))
            {
                return true;
            }
        }

        return false;
    }

    // Control (Cc: C0, DEL, C1), format (Cf: bidi overrides, zero-width joiners), and the line/paragraph separators.
    private static bool IsUnsafe(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
