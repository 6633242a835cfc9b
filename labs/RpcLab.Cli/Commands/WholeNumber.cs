using System.CommandLine.Parsing;
using System.Globalization;

namespace RpcLab.Cli.Commands;

/// <summary>
/// Parsers for the whole-number options and arguments (<c>--port</c>, <c>--timeout</c>, a lab's number):
/// a word that is not a number in range gets one plain sentence naming what was expected. Without them
/// System.CommandLine says "as expected type 'System.Nullable`1[System.Int32]'", and a validator that
/// reads such a value throws, which ended <c>rpclab call --timeout abc</c> with a stack trace.
/// Stateless and thread-safe.
/// </summary>
public static class WholeNumber
{
    /// <summary>A parser for <paramref name="name"/> accepting <paramref name="min"/>..<paramref name="max"/>; <paramref name="expected"/> says so in words.</summary>
    public static Func<ArgumentResult, int?> Parser(string name, int min, int max, string expected) =>
        result => Parse(result, name, min, max, expected);

    /// <summary>The same for a non-nullable option or argument.</summary>
    public static Func<ArgumentResult, int> RequiredParser(string name, int min, int max, string expected) =>
        result => Parse(result, name, min, max, expected) ?? 0;

    private static int? Parse(ArgumentResult result, string name, int min, int max, string expected)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var word = result.Tokens[0].Value;
        if (int.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        result.AddError($"{name} must be {expected}, got '{word}'");
        return null;
    }
}
