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

    /// <summary>The line that stands for any number of lines, none included: <c>...</c> alone.</summary>
    public const string AnyLines = "...";

    /// <summary>True when the lines match one to one (trailing blank lines ignored), a line <see cref="AnyLines"/> matching any number of lines.</summary>
    public static bool MatchExactly(IReadOnlyList<string> expected, IReadOnlyList<string> actual) => Align(expected, actual) is not null;

    /// <summary>
    /// Each expected line with the actual line it matched, when <see cref="MatchExactly"/> holds; null otherwise. A line
    /// <see cref="AnyLines"/> pairs with nothing. The first alignment found wins (an <see cref="AnyLines"/> takes as few
    /// lines as it can), which is where a capture after it is read.
    /// </summary>
    public static IReadOnlyList<(string Expected, string Actual)>? Align(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var e = TrimBlankTail(expected);
        var a = TrimBlankTail(actual);

        // Whether e[i..] matches a[j..]; memoised, so several AnyLines cost at most |e| x |a| line matches.
        var memo = new bool?[e.Count + 1, a.Count + 1];
        bool From(int i, int j)
        {
            if (memo[i, j] is { } known)
            {
                return known;
            }

            bool result;
            if (i == e.Count)
            {
                result = j == a.Count;
            }
            else if (e[i].Trim() == AnyLines)
            {
                result = From(i + 1, j) || (j < a.Count && From(i, j + 1));
            }
            else
            {
                result = j < a.Count && Matches(e[i], a[j]) && From(i + 1, j + 1);
            }

            memo[i, j] = result;
            return result;
        }

        if (!From(0, 0))
        {
            return null;
        }

        var pairs = new List<(string, string)>();
        for (int i = 0, j = 0; i < e.Count;)
        {
            if (e[i].Trim() == AnyLines)
            {
                if (From(i + 1, j))
                {
                    i++;
                }
                else
                {
                    j++;
                }
            }
            else
            {
                pairs.Add((e[i++], a[j++]));
            }
        }

        return pairs;
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
