using System.Globalization;
using System.Text.RegularExpressions;

namespace RpcLab.Measurement.Load;

/// <summary>
/// Durations as the bench verbs and h2load write them: "10s", "500ms", "2m", or plain seconds. Stateless and
/// thread-safe.
/// </summary>
public static partial class Durations
{
    public static bool TryParse(string word, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var match = DurationPattern().Match(word ?? "");
        if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        value = match.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "m" => TimeSpan.FromMinutes(number),
            _ => TimeSpan.FromSeconds(number),
        };
        return true;
    }

    /// <summary>"10s", "500ms", "1.5s": the shortest exact way to write <paramref name="value"/>.</summary>
    public static string Format(TimeSpan value) =>
        value.TotalMilliseconds % 1000 == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0}s")
            : string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0.###}ms");

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<unit>ms|s|m)?$")]
    private static partial Regex DurationPattern();
}
