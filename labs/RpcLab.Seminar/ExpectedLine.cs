using System.Text.RegularExpressions;

namespace RpcLab.Seminar;

/// <summary>
/// One line of a sheet's expected output. "..." stands for text that changes from run to run (a port,
/// a time, a folder); everything else must match exactly. Thread-safe.
/// </summary>
public static class ExpectedLine
{
    public static bool Matches(string expected, string actual)
    {
        var pattern = "^" + string.Join(".*", expected.TrimEnd().Split("...").Select(Regex.Escape)) + "$";
        return Regex.IsMatch(actual.TrimEnd(), pattern, RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }

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

    private static IReadOnlyList<string> TrimBlankTail(IReadOnlyList<string> lines)
    {
        var n = lines.Count;
        while (n > 0 && string.IsNullOrWhiteSpace(lines[n - 1]))
        {
            n--;
        }

        return lines.Take(n).ToList();
    }
}
