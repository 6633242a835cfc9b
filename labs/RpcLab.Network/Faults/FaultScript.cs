using System.Globalization;

namespace RpcLab.Network.Faults;

/// <summary>
/// The text form of a fault script (<see cref="FaultPlan.Script"/>), the same on the command line, the control port
/// and in code: entries separated by commas, each <c>kind:N</c> or <c>kind:N+duration</c>.
/// <list type="table">
/// <item><term><c>request-lost:N</c></term><description>request N never reaches the server.</description></item>
/// <item><term><c>reply-lost:N</c></term><description>reply N (counted apart from requests) never reaches the client; the server did the work.</description></item>
/// <item><term><c>reset:N</c></term><description>the connection of request N is reset before it is forwarded.</description></item>
/// <item><term><c>half-open:N</c></term><description>from request N its connection forwards nothing, either way, and stays open.</description></item>
/// <item><term><c>partition:N+D</c></term><description>a partition of every connection for D, from request N (which waits it out).</description></item>
/// <item><term><c>delay:N+D</c></term><description>request N is held back D.</description></item>
/// <item><term><c>duplicate:N</c></term><description>request N is delivered twice (framed only).</description></item>
/// </list>
/// Requests and replies are counted from 1 over every connection, in the order the proxy reads them. Durations are
/// milliseconds, or carry a unit: <c>1500ms</c>, <c>2s</c>. Example: <c>reply-lost:2,partition:5+3s</c>.
/// </summary>
public static class FaultScript
{
    private static readonly Dictionary<string, FaultKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["request-lost"] = FaultKind.RequestLost,
        ["reply-lost"] = FaultKind.ReplyLost,
        ["reset"] = FaultKind.Reset,
        ["half-open"] = FaultKind.HalfOpen,
        ["partition"] = FaultKind.Partition,
        ["delay"] = FaultKind.Delay,
        ["duplicate"] = FaultKind.Duplicate,
    };

    /// <summary>The most entries a script may have (a control port must not grow a plan without end).</summary>
    public const int MaxEntries = 1000;

    /// <summary>The kinds a script names, as written.</summary>
    public static IReadOnlyCollection<string> KindNames => Kinds.Keys;

    /// <summary>Reads a script; throws <see cref="FormatException"/> naming the entry that is wrong and what is expected.</summary>
    public static IReadOnlyList<ScriptedFault> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var faults = new List<ScriptedFault>();
        var entries = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (entries.Length > MaxEntries)
        {
            throw new FormatException($"a script has at most {MaxEntries} entries");
        }

        foreach (var raw in entries)
        {
            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !Kinds.TryGetValue(raw[..colon], out var kind))
            {
                throw new FormatException($"script entry '{raw}': expected kind:N with kind one of {string.Join(", ", Kinds.Keys)}");
            }

            var rest = raw[(colon + 1)..];
            var plus = rest.IndexOf('+', StringComparison.Ordinal);
            var number = plus < 0 ? rest : rest[..plus];
            if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                throw new FormatException($"script entry '{raw}': N must be a whole number from 1 (the request or reply it applies to)");
            }

            var needsDuration = kind is FaultKind.Partition or FaultKind.Delay;
            if (needsDuration != plus >= 0)
            {
                throw new FormatException(needsDuration
                    ? $"script entry '{raw}': {raw[..colon]} needs a duration, as in {raw[..colon]}:{n}+500ms"
                    : $"script entry '{raw}': {raw[..colon]} takes no duration");
            }

            var duration = needsDuration ? FaultWords.ParseDuration(rest[(plus + 1)..], $"script entry '{raw}'") : TimeSpan.Zero;
            faults.Add(new ScriptedFault(kind, n, duration));
        }

        return faults;
    }

    /// <summary>The text form of <paramref name="script"/>, which <see cref="Parse"/> reads back.</summary>
    public static string Format(IEnumerable<ScriptedFault> script) =>
        string.Join(',', script.Select(f =>
        {
            var name = Kinds.First(k => k.Value == f.Kind).Key;
            return f.Kind is FaultKind.Partition or FaultKind.Delay
                ? string.Create(CultureInfo.InvariantCulture, $"{name}:{f.Request}+{f.Duration.TotalMilliseconds}ms")
                : string.Create(CultureInfo.InvariantCulture, $"{name}:{f.Request}");
        }));
}
