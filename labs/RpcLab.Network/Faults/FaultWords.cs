using System.Globalization;

namespace RpcLab.Network.Faults;

/// <summary>
/// The words that describe a <see cref="FaultPlan"/>, the same on <c>rpclab proxy</c>'s command line and its control
/// port: <c>name=value</c>, a name for both directions or prefixed <c>up.</c> (client to server, the requests) or
/// <c>down.</c> (server to client, the replies).
/// <list type="table">
/// <item><term><c>latency=20ms</c>, <c>jitter=7ms</c></term><description>a delay per message (or chunk), plus a random extra up to the jitter.</description></item>
/// <item><term><c>bandwidth=64k</c></term><description>bytes per second (k = 1024, m = 1024 × 1024).</description></item>
/// <item><term><c>slice=16</c>, <c>slice-delay=1ms</c></term><description>writes cut into pieces of at most this many bytes, with a pause between.</description></item>
/// <item><term><c>loss=10%</c></term><description>a request (up) or reply (down) lost.</description></item>
/// <item><term><c>reset=5%</c></term><description>a connection reset as a message arrives.</description></item>
/// <item><term><c>duplicate=5%</c></term><description>a message delivered twice (framed only).</description></item>
/// <item><term><c>long-delay=66%</c>, <c>long-delay-min=200ms</c>, <c>long-delay-max=2200ms</c></term><description>a message held back long, so framed messages overtake it.</description></item>
/// <item><term><c>limit-data=10k</c></term><description>the connection closed once this many bytes crossed.</description></item>
/// <item><term><c>frames=none|raw|content-length|newline</c></term><description>how messages are told apart (<see cref="MessageFraming"/>).</description></item>
/// <item><term><c>seed=N</c>, <c>script=reply-lost:2,...</c> (<see cref="FaultScript"/>), <c>reply-quiet=150ms</c></term><description>the whole plan's settings.</description></item>
/// <item><term><c>labrpc</c>, <c>long-reordering</c>, <c>clear</c></term><description>presets: 0-27 ms and 10% lost each way; two thirds of replies held 200-2200 ms; no fault at all.</description></item>
/// </list>
/// Probabilities are a percentage (<c>10%</c>) or a fraction (<c>0.1</c>); durations milliseconds or with a unit.
/// </summary>
public static class FaultWords
{
    /// <summary>
    /// <paramref name="plan"/> changed by <paramref name="words"/>, read left to right. Throws <see cref="FormatException"/>
    /// naming the word that is wrong and what it takes; a plan that cannot work (duplicates without a framing) too.
    /// </summary>
    public static FaultPlan Apply(FaultPlan plan, IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(words);
        foreach (var word in words.SelectMany(w => w.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
        {
            plan = ApplyOne(plan, word);
        }

        if (plan.Framing == MessageFraming.None && (plan.Requests.Duplicate > 0 || plan.Replies.Duplicate > 0 || plan.Script.Any(f => f.Kind == FaultKind.Duplicate)))
        {
            throw new FormatException("duplicate needs frames=raw, content-length or newline: a byte stream cannot hold a message twice");
        }

        return plan;
    }

    /// <summary>The words that give <paramref name="plan"/> (the differences from no fault), for a status line.</summary>
    public static string Format(FaultPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var words = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"seed={plan.Seed}"),
            $"frames={FramingName(plan.Framing)}",
        };
        if (plan.Script.Count > 0)
        {
            words.Add($"script={FaultScript.Format(plan.Script)}");
        }

        foreach (var (prefix, link) in new[] { ("up.", plan.Requests), ("down.", plan.Replies) })
        {
            void Add(string name, bool set, string value)
            {
                if (set)
                {
                    words.Add($"{prefix}{name}={value}");
                }
            }

            Add("latency", link.Latency > TimeSpan.Zero, Ms(link.Latency));
            Add("jitter", link.Jitter > TimeSpan.Zero, Ms(link.Jitter));
            Add("bandwidth", link.BytesPerSecond > 0, link.BytesPerSecond.ToString(CultureInfo.InvariantCulture));
            Add("slice", link.SliceBytes > 0, link.SliceBytes.ToString(CultureInfo.InvariantCulture));
            Add("slice-delay", link.SliceDelay > TimeSpan.Zero, Ms(link.SliceDelay));
            Add("loss", link.Loss > 0, Percent(link.Loss));
            Add("reset", link.Reset > 0, Percent(link.Reset));
            Add("duplicate", link.Duplicate > 0, Percent(link.Duplicate));
            Add("long-delay", link.LongDelay > 0, Percent(link.LongDelay));
            Add("limit-data", link.LimitData > 0, link.LimitData.ToString(CultureInfo.InvariantCulture));
        }

        return string.Join(' ', words);
    }

    /// <summary>Reads <c>250</c> (milliseconds), <c>250ms</c>, <c>1.5s</c>; throws <see cref="FormatException"/> naming <paramref name="what"/>.</summary>
    public static TimeSpan ParseDuration(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (number, scale) = text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (text[..^2], 1.0)
            : text.EndsWith('s') || text.EndsWith('S') ? (text[..^1], 1000.0)
            : (text, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value) && value * scale <= TimeSpan.FromDays(1).TotalMilliseconds
            ? TimeSpan.FromMilliseconds(value * scale)
            : throw new FormatException($"{what}: '{text}' is not a duration (milliseconds, or with a unit: 250ms, 1.5s; at most a day)");
    }

    private static FaultPlan ApplyOne(FaultPlan plan, string word)
    {
        switch (word.ToLowerInvariant())
        {
            case "clear":
                return FaultPlan.None with { Seed = plan.Seed, Framing = plan.Framing };
            case "labrpc":
                var labrpc = new LinkFaults { Jitter = TimeSpan.FromMilliseconds(27), Loss = 0.1 };
                return plan with { Requests = labrpc, Replies = labrpc with { LongDelay = plan.Replies.LongDelay } };
            case "long-reordering":
                return plan with { Replies = plan.Replies with { LongDelay = 2.0 / 3 } };
        }

        var equals = word.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException($"'{word}': a fault is name=value (latency=20ms, down.loss=10%, frames=raw, script=reply-lost:2) or a preset (labrpc, long-reordering, clear)");
        }

        var name = word[..equals].ToLowerInvariant();
        var value = word[(equals + 1)..];
        switch (name)
        {
            case "seed":
                return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed)
                    ? plan with { Seed = seed }
                    : throw new FormatException($"'{word}': the seed is a whole number");
            case "frames":
                return plan with { Framing = ParseFraming(value, word) };
            case "script":
                return plan with { Script = FaultScript.Parse(value) };
            case "reply-quiet":
                return plan with { ReplyQuiet = ParseDuration(value, $"'{word}'") };
        }

        var (up, down, bare) = name.StartsWith("up.", StringComparison.Ordinal) ? (true, false, name[3..])
            : name.StartsWith("down.", StringComparison.Ordinal) ? (false, true, name[5..])
            : (true, true, name);
        LinkFaults Change(LinkFaults link) => bare switch
        {
            "latency" => link with { Latency = ParseDuration(value, $"'{word}'") },
            "jitter" => link with { Jitter = ParseDuration(value, $"'{word}'") },
            "bandwidth" => link with { BytesPerSecond = ParseBytes(value, word) },
            "slice" => link with { SliceBytes = (int)Math.Min(ParseBytes(value, word), int.MaxValue) },
            "slice-delay" => link with { SliceDelay = ParseDuration(value, $"'{word}'") },
            "loss" => link with { Loss = ParseProbability(value, word) },
            "reset" => link with { Reset = ParseProbability(value, word) },
            "duplicate" => link with { Duplicate = ParseProbability(value, word) },
            "long-delay" => link with { LongDelay = ParseProbability(value, word) },
            "long-delay-min" => link with { LongDelayMin = ParseDuration(value, $"'{word}'") },
            "long-delay-max" => link with { LongDelayMax = ParseDuration(value, $"'{word}'") },
            "limit-data" => link with { LimitData = ParseBytes(value, word) },
            _ => throw new FormatException($"'{word}': unknown fault '{bare}'; known: latency, jitter, bandwidth, slice, slice-delay, loss, reset, duplicate, long-delay, long-delay-min, long-delay-max, limit-data, frames, seed, script, reply-quiet"),
        };

        return plan with
        {
            Requests = up ? Change(plan.Requests) : plan.Requests,
            Replies = down ? Change(plan.Replies) : plan.Replies,
        };
    }

    private static MessageFraming ParseFraming(string value, string word) => value.ToLowerInvariant() switch
    {
        "none" => MessageFraming.None,
        "raw" => MessageFraming.Raw,
        "content-length" => MessageFraming.ContentLength,
        "newline" => MessageFraming.Newline,
        _ => throw new FormatException($"'{word}': frames is none, raw, content-length or newline"),
    };

    /// <summary>The word for <paramref name="framing"/> (<c>content-length</c>, ...).</summary>
    public static string FramingName(MessageFraming framing) => framing switch
    {
        MessageFraming.Raw => "raw",
        MessageFraming.ContentLength => "content-length",
        MessageFraming.Newline => "newline",
        _ => "none",
    };

    private static double ParseProbability(string value, string word)
    {
        var percent = value.EndsWith('%');
        return double.TryParse(percent ? value[..^1] : value, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && (percent ? p / 100 : p) is var fraction && fraction is >= 0 and <= 1
            ? fraction
            : throw new FormatException($"'{word}': a probability is a percentage (10%) or a fraction from 0 to 1 (0.1)");
    }

    private static long ParseBytes(string value, string word)
    {
        var scale = value.EndsWith('k') || value.EndsWith('K') ? 1024L : value.EndsWith('m') || value.EndsWith('M') ? 1024L * 1024 : 1L;
        var digits = scale == 1 ? value : value[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 && n <= long.MaxValue / scale
            ? n * scale
            : throw new FormatException($"'{word}': a size is a positive whole number of bytes, or with k or m (64k)");
    }

    private static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds}ms");

    private static string Percent(double p) => string.Create(CultureInfo.InvariantCulture, $"{p * 100:0.##}%");
}
