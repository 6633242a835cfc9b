namespace RpcLab.Services.Users;

/// <summary>
/// Cuts a text a client chose to a bounded length, marked with an ellipsis, for the places that show it back: a
/// record stored before the length limits, and an id echoed in NotFound (an id can be megabytes long, and an error
/// must not be larger than the call that caused it). Stateless and thread-safe.
/// </summary>
internal static class Abbreviation
{
    /// <summary>
    /// <paramref name="text"/> when it has at most <paramref name="max"/> UTF-16 characters; else its start and "…",
    /// <paramref name="max"/> characters in all, never splitting a surrogate pair.
    /// </summary>
    public static string Cut(string text, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (text.Length <= max)
        {
            return text;
        }

        var keep = max - 1;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), "…");
    }
}
