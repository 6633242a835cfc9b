using System.Globalization;
using RpcLab.Transports.Hosting;

namespace RpcLab.Cli.Options;

/// <summary>
/// The words of <c>--backoff</c>: <c>INITIAL[,Nx][,max=DURATION][,jitter|,nojitter]</c>, e.g. <c>100ms</c>,
/// <c>100ms,2x,max=5s,jitter</c>, <c>1s,1.5x,nojitter</c>; a duration is a number and <c>ms</c> or <c>s</c>. The parts
/// are the fields of <see cref="RetryOptions"/> of the same names; those left out keep their defaults. Stateless.
/// </summary>
public static class BackoffSyntax
{
    public const string Help = "INITIAL[,Nx][,max=DURATION][,jitter|nojitter], e.g. 100ms,2x,max=5s,jitter (durations in ms or s)";

    /// <summary><paramref name="options"/> with the backoff <paramref name="words"/> describe, or an error sentence in <paramref name="error"/>.</summary>
    public static RetryOptions? TryApply(RetryOptions options, string words, out string? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(words);
        error = null;
        var parts = words.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !TryDuration(parts[0], out var initial))
        {
            error = $"--backoff: \"{words}\" does not start with a duration such as 100ms; expected {Help}";
            return null;
        }

        options = options with { InitialBackoff = initial };
        foreach (var part in parts.Skip(1))
        {
            if (part is "jitter" or "nojitter")
            {
                options = options with { Jitter = part == "jitter" };
            }
            else if (part.StartsWith("max=", StringComparison.Ordinal) && TryDuration(part[4..], out var max))
            {
                options = options with { MaxBackoff = max };
            }
            else if (part.EndsWith('x') && double.TryParse(part[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var multiplier) && multiplier >= 1)
            {
                options = options with { Multiplier = multiplier };
            }
            else
            {
                error = $"--backoff: \"{part}\" is not a multiplier (2x), a cap (max=5s) or jitter/nojitter; expected {Help}";
                return null;
            }
        }

        return options;
    }

    private static bool TryDuration(string word, out TimeSpan duration)
    {
        var (number, scale) = word.EndsWith("ms", StringComparison.Ordinal) ? (word[..^2], 1.0)
            : word.EndsWith('s') ? (word[..^1], 1000.0)
            : (string.Empty, 0.0);
        var ok = double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0;
        duration = ok ? TimeSpan.FromMilliseconds(value * scale) : default;
        return ok;
    }
}
