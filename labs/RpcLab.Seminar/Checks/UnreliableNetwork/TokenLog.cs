using System.Globalization;

namespace RpcLab.Seminar.Checks.UnreliableNetwork;

/// <summary>
/// The appended log as the clerks write it: tokens <c>k.i</c> (clerk k's i-th Append) separated by spaces. Finds what
/// at-least-once and a lost order look like: a token twice, a token missing, a clerk's tokens out of order. Immutable.
/// </summary>
internal sealed class TokenLog
{
    private readonly IReadOnlyList<(int Clerk, int Index)> _tokens;

    private TokenLog(IReadOnlyList<(int Clerk, int Index)> tokens) => _tokens = tokens;

    public static TokenLog Parse(string value) =>
        new(value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => word.Split('.') is [var clerk, var index]
                && int.TryParse(clerk, NumberStyles.None, CultureInfo.InvariantCulture, out var k)
                && int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? (k, i) : (-1, -1))
            .ToList());

    /// <summary>
    /// Null when each of clerks 1..<paramref name="clerks"/> appended each of tokens <paramref name="from"/> to
    /// <paramref name="to"/> - 1 exactly once, in order; otherwise the first thing wrong, as a sentence.
    /// </summary>
    public string? FindProblem(int clerks, int from, int to)
    {
        var inRange = _tokens.Where(t => t.Clerk >= 1 && t.Clerk <= clerks && t.Index >= from && t.Index < to).ToList();
        var twice = inRange.GroupBy(t => t).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"token {Name(twice.Key)} is in the log {twice.Count()} times: a retried Append was applied again (at-least-once). Number each Append (client id + sequence number, the same on every retry) and keep one entry per client on the server");
        }

        for (var k = 1; k <= clerks; k++)
        {
            var own = inRange.Where(t => t.Clerk == k).Select(t => t.Index).ToList();
            for (var i = from; i < to; i++)
            {
                if (!own.Contains(i))
                {
                    return $"token {Name((k, i))} is missing from the log: an Append that was never applied (a clerk that gave up, or a server that took a new Append for a retry)";
                }
            }

            var order = own.Zip(own.Skip(1)).FirstOrDefault(pair => pair.First > pair.Second);
            if (order != default)
            {
                return $"clerk {k}'s tokens are out of order: {Name((k, order.First))} before {Name((k, order.Second))} (a late retry of an old Append was applied after a newer one: answer any seq at or below the client's last one from the table)";
            }
        }

        return null;
    }

    private static string Name((int Clerk, int Index) token) => string.Create(CultureInfo.InvariantCulture, $"{token.Clerk}.{token.Index}");
}
