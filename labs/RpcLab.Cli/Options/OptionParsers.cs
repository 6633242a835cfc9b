using System.CommandLine.Parsing;
using System.Globalization;
using RpcLab.Measurement.Load;

namespace RpcLab.Cli.Options;

/// <summary>
/// Parsers for the bench verbs' options: durations ("10s", "500ms", "2m", or plain seconds) and lists of
/// whole numbers ("1,4,16"). A word that does not parse gets one sentence naming what was expected.
/// Stateless and thread-safe.
/// </summary>
public static class OptionParsers
{
    public static Func<ArgumentResult, TimeSpan> Duration(string name, bool allowZero = false) => result =>
    {
        var word = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (Durations.TryParse(word, out var value) && (value > TimeSpan.Zero || (allowZero && value == TimeSpan.Zero)))
        {
            return value;
        }

        result.AddError($"{name} must be a {(allowZero ? "" : "positive ")}duration such as 10s, 500ms or 2m, got '{word}'");
        return TimeSpan.Zero;
    };

    public static Func<ArgumentResult, int[]> WholeNumbers(string name, int min, int max) => result =>
    {
        var word = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        var parts = word.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                result.AddError($"{name} must be a comma-separated list of whole numbers from {min} to {max}, such as 1,4,16; got '{word}'");
                return [];
            }

            values.Add(value);
        }

        if (values.Count == 0)
        {
            result.AddError($"{name} needs at least one number, such as 1,4,16");
        }

        return [.. values];
    };

    public static Func<ArgumentResult, double?> PositiveNumber(string name) => result =>
    {
        var word = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value))
        {
            return value;
        }

        result.AddError($"{name} must be a positive number, got '{word}'");
        return null;
    };
}
