using System.Text;
using System.Text.RegularExpressions;

namespace RpcLab.Seminar;

/// <summary>
/// One line of a sheet's expected output. "..." stands for text that changes from run to run (a time, a folder);
/// <c>{NAME}</c> (capitals) also matches any text and captures it, so a later command can use it as <c>$NAME</c>
/// (<c>listening on 127.0.0.1:{PORT}</c>, then <c>--port $PORT</c>); everything else must match exactly. Thread-safe.
/// </summary>
public static partial class ExpectedLine
{
    public static bool Matches(string expected, string actual) => TryMatch(expected, actual, out _);

    /// <summary>True when <paramref name="actual"/> matches; <paramref name="captures"/> then holds each <c>{NAME}</c>'s text.</summary>
    public static bool TryMatch(string expected, string actual, out IReadOnlyDictionary<string, string> captures)
    {
        var match = Regex.Match(actual.TrimEnd(), Pattern(expected), RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        captures = match.Success
            ? Names(expected).ToDictionary(n => n, n => match.Groups[n].Value, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        return match.Success;
    }

    /// <summary>The names of the <c>{NAME}</c> placeholders in <paramref name="expected"/>.</summary>
    public static IReadOnlyList<string> Names(string expected) =>
        Placeholder().Matches(expected).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>True when every expected line matches a line of <paramref name="actual"/>, in order, other lines allowed between.</summary>
    public static bool MatchInOrder(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var next = 0;
        foreach (var line in expected)
        {
            while (next < actual.Count && !Matches(line, actual[next]))
            {
                next++;
            }

            if (next == actual.Count)
            {
                return false;
            }

            next++;
        }

        return true;
    }

    /// <summary>True when the lines match one to one (trailing blank lines ignored).</summary>
    public static bool MatchExactly(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var e = TrimBlankTail(expected);
        var a = TrimBlankTail(actual);
        return e.Count == a.Count && e.Zip(a).All(p => Matches(p.First, p.Second));
    }

    private static string Pattern(string expected)
    {
        var pattern = new StringBuilder("^");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var literalStart = 0;
        var text = expected.TrimEnd();
        foreach (Match token in Token().Matches(text))
        {
            pattern.Append(Regex.Escape(text[literalStart..token.Index]));
            var name = token.Groups["name"].Value;

            // A name seen before on the same line matches any text again; its first occurrence is the capture.
            pattern.Append(name.Length == 0 || !seen.Add(name) ? ".*" : $"(?<{name}>.+?)");
            literalStart = token.Index + token.Length;
        }

        return pattern.Append(Regex.Escape(text[literalStart..])).Append('$').ToString();
    }

    private static IReadOnlyList<string> TrimBlankTail(IReadOnlyList<string> lines)
    {
        var n = lines.Count;
        while (n > 0 && string.IsNullOrWhiteSpace(lines[n - 1]))
        {
            n--;
        }

        return lines.Take(n).ToList();
    }

    [GeneratedRegex(@"\{(?<name>[A-Z][A-Z0-9_]*)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\.\.\.|\{(?<name>[A-Z][A-Z0-9_]*)\}")]
    private static partial Regex Token();
}
