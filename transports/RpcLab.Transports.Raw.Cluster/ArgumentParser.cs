using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RpcLab.Transports.Raw.Types;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// Turns command-line words into typed arguments, as the original client did. Without declared types each word's
/// type is inferred: int, then float, then str; <c>[1,2,3]</c> is a list (of ints, else floats, else strs; <c>[]</c>
/// is List[int]). With declared types (<c>--types int,str</c>) a word is encoded as its declared type when it can be,
/// and as inferred otherwise, so a mismatch can be sent on purpose and the server's refusal seen. Thread-safe.
/// </summary>
public static partial class ArgumentParser
{
    /// <summary>The arguments for <paramref name="words"/>; <paramref name="declared"/>, if given, must have one type per word.</summary>
    public static IReadOnlyList<ClusterArgument> Parse(IReadOnlyList<string> words, IReadOnlyList<string>? declared)
    {
        if (declared is not null && declared.Count != words.Count)
        {
            throw new ArgumentException($"--types names {declared.Count} types for {words.Count} arguments");
        }

        var args = new List<ClusterArgument>();
        for (var i = 0; i < words.Count; i++)
        {
            var inferred = Infer(words[i]);
            args.Add(declared is null ? inferred : As(declared[i], words[i]) ?? inferred with { Type = declared[i] });
        }

        return args;
    }

    /// <summary>"int,List[str]" as a list of type names (commas inside brackets do not split).</summary>
    public static IReadOnlyList<string> SplitTypes(string types)
    {
        var names = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= types.Length; i++)
        {
            if (i == types.Length || (types[i] == ',' && depth == 0))
            {
                names.Add(types[start..i].Trim());
                start = i + 1;
            }
            else if (types[i] == '[')
            {
                depth++;
            }
            else if (types[i] == ']')
            {
                depth--;
            }
        }

        return names;
    }

    private static ClusterArgument Infer(string word)
    {
        if (IsList(word, out var items))
        {
            var elements = items.Select(Infer).ToList();
            var element = elements.Count == 0 || elements.All(e => e.Type == "int") ? "int"
                : elements.All(e => e.Type is "int" or "float") ? "float"
                : "str";
            return new ClusterArgument($"List[{element}]", Json(items.Select(item => Scalar(element, item) ?? Json(item))));
        }

        var type = IsInt(word) ? "int" : IsFloat(word) ? "float" : "str";
        return new ClusterArgument(type, Scalar(type, word)!.Value);
    }

    // The word as the declared type, or null when it is not one.
    private static ClusterArgument? As(string type, string word)
    {
        if (RawTypes.Parse(type) is not { } known)
        {
            return null;
        }

        if (known.Element is { } element)
        {
            if (!IsList(word, out var items))
            {
                return null;
            }

            var values = items.Select(item => Scalar(element.Name, item)).ToList();
            return values.All(v => v is not null) ? new ClusterArgument(known.Name, Json(values.Select(v => v!.Value))) : null;
        }

        return Scalar(known.Name, word) is { } value ? new ClusterArgument(known.Name, value) : null;
    }

    private static JsonElement? Scalar(string type, string word) => type switch
    {
        "int" when IsInt(word) => Json(int.Parse(word, CultureInfo.InvariantCulture)),
        "long" when IntPattern().IsMatch(word) && long.TryParse(word, CultureInfo.InvariantCulture, out var big) => Json(big),
        "float" when IsInt(word) || IsFloat(word) => Json(double.Parse(word, CultureInfo.InvariantCulture)),
        "bool" when bool.TryParse(word, out var flag) => Json(flag),
        "str" => Json(word),
        _ => null,
    };

    private static bool IsInt(string word) => IntPattern().IsMatch(word) && int.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private static bool IsFloat(string word) => FloatPattern().IsMatch(word);

    // [1,2,3] or [a, b] or ["a b", "c"] (JSON strings keep their commas and spaces).
    private static bool IsList(string word, out List<string> items)
    {
        items = [];
        var text = word.Trim();
        if (text.Length < 2 || text[0] != '[' || text[^1] != ']')
        {
            return false;
        }

        try
        {
            using var json = JsonDocument.Parse(text);
            items = json.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList();
            return true;
        }
        catch (JsonException)
        {
            var inner = text[1..^1].Trim();
            items = inner.Length == 0 ? [] : inner.Split(',').Select(s => s.Trim()).ToList();
            return true;
        }
    }

    private static JsonElement Json<T>(T value) => JsonSerializer.SerializeToElement(value, RawJson.Options);

    [GeneratedRegex(@"^[+-]?\d+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex FloatPattern();
}
