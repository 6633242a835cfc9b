using System.Text.RegularExpressions;

namespace RpcLab.Seminar.Checks.CallFailures;

/// <summary>
/// What an error a client reads must not carry: a stack frame, an exception's type name, a source line, a path on the
/// server. A client learns nothing useful from them, and an attacker learns the server's insides. Stateless, thread-safe.
/// </summary>
public static partial class ErrorLeaks
{
    /// <summary>What in <paramref name="text"/> belongs to the server's insides, in words; null when nothing does.</summary>
    public static string? Find(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (StackFrame().Match(text) is { Success: true } frame)
        {
            return $"a stack trace (\"{frame.Value.Trim()}\")";
        }

        if (SourceLine().Match(text) is { Success: true } line)
        {
            return $"a source file and line (\"{line.Value}\")";
        }

        if (TypeName().Match(text) is { Success: true } type)
        {
            return $"an exception type name (\"{type.Value}\")";
        }

        return ServerPath().Match(text) is { Success: true } path ? $"a path on the server (\"{path.Value}\")" : null;
    }

    [GeneratedRegex(@"(^|\n|\\n)\s*at [\w.`<>$]+[.:][\w<>$`]+(\[[^\]]*\])?\(", RegexOptions.CultureInvariant)]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"[\w.-]+\.cs:line \d+", RegexOptions.CultureInvariant)]
    private static partial Regex SourceLine();

    [GeneratedRegex(@"\b[A-Z]\w*Exception\b", RegexOptions.CultureInvariant)]
    private static partial Regex TypeName();

    [GeneratedRegex(@"(?<![\w.])/(home|tmp|var|usr|opt|root|srv|etc|work|mnt)/[^\s'"",)]*", RegexOptions.CultureInvariant)]
    private static partial Regex ServerPath();
}
