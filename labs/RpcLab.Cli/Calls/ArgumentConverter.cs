using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using RpcLab.Transports.Invocation;

namespace RpcLab.Cli.Calls;

/// <summary>
/// Turns the words after <c>rpclab call service.method</c> into a <see cref="PreparedCall"/>: each
/// ordinary parameter from one word (invariant culture, so "2.5" means the same everywhere), then, for
/// a method that takes a request stream, the remaining words as the stream's items; a stream of bytes
/// (files.upload) takes one local file path instead and streams the file in 64 KiB chunks.
/// Stateless and thread-safe.
/// </summary>
public static class ArgumentConverter
{
    /// <summary>The chunk size of uploaded files: large enough to be efficient, far below every transport's message limit.</summary>
    public const int ChunkSize = 64 * 1024;

    public static PreparedCall Prepare(RpcMethod method, IReadOnlyList<string> words)
    {
        var parameters = method.Parameters;
        if (!method.StreamsRequest)
        {
            var required = parameters.Count(p => !p.IsOptional);
            if (words.Count < required || words.Count > parameters.Count)
            {
                throw CountError(method, words.Count);
            }

            var values = words.Select((w, i) => Convert(method, parameters[i], w)).ToList();
            return new PreparedCall(method, method.CompleteArguments(values), null);
        }

        // The stream's items follow the parameters, so every parameter must be written out.
        if (words.Count < parameters.Count)
        {
            throw CountError(method, words.Count);
        }

        var args = parameters.Select((p, i) => Convert(method, p, words[i])).ToArray();
        var rest = words.Skip(parameters.Count).ToArray();
        if (method.RequestItemType == typeof(byte[]))
        {
            if (rest.Length != 1)
            {
                throw CountError(method, words.Count);
            }

            var path = Path.GetFullPath(rest[0]);
            if (!File.Exists(path))
            {
                throw new UsageException($"{method.FullName}: no local file '{rest[0]}' to send");
            }

            return new PreparedCall(method, args, ReadChunks(path, default));
        }

        var itemType = method.RequestItemType!;
        var items = rest.Select((w, i) => ConvertValue(w, itemType, $"stream item {i + 1}", method)).ToArray();
        return new PreparedCall(method, args, ToStream(items));
    }

    /// <summary>How to call the method from the command line: <c>echo.repeat &lt;message:string&gt; &lt;count:int&gt; [intervalMs:int=0]</c>.</summary>
    public static string Usage(RpcMethod method)
    {
        var parts = new List<string> { method.FullName };
        foreach (var p in method.Parameters)
        {
            var text = $"{p.Name}:{TypeNames.Friendly(p.Type)}";
            parts.Add(p.IsOptional && !method.StreamsRequest
                ? $"[{text}={DefaultText(p)}]"
                : $"<{text}>");
        }

        if (method.RequestItemType == typeof(byte[]))
        {
            parts.Add("<localPath>");
        }
        else if (method.RequestItemType is { } item)
        {
            parts.Add($"[{TypeNames.Friendly(item)} ...]");
        }

        return string.Join(' ', parts);
    }

    /// <summary>An optional parameter's default as the command line writes it (invariant culture).</summary>
    public static string DefaultText(RpcParameter parameter) =>
        System.Convert.ToString(parameter.DefaultValue, CultureInfo.InvariantCulture) ?? "null";

    /// <summary>One word as a value of <paramref name="type"/>; a <see cref="UsageException"/> saying what was expected otherwise.</summary>
    public static object? ConvertValue(string word, Type type, string what, RpcMethod method)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        var value = TryConvert(word.Trim(), target, out var failure);
        if (failure is not null)
        {
            throw new UsageException($"{method.FullName}: {what} must be {TypeNames.Friendly(type)} ({TypeNames.Example(target)}), got \"{word}\"{failure}");
        }

        return value;
    }

    private static object? Convert(RpcMethod method, RpcParameter parameter, string word) =>
        ConvertValue(word, parameter.Type, $"argument '{parameter.Name}'", method);

    /// <summary>Null failure means success; otherwise a suffix with more detail (possibly empty).</summary>
    private static object? TryConvert(string word, Type type, out string? failure)
    {
        failure = null;
        var invariant = CultureInfo.InvariantCulture;
        if (type == typeof(string))
        {
            return word;
        }

        if (type == typeof(int) && int.TryParse(word, NumberStyles.Integer, invariant, out var i))
        {
            return i;
        }

        if (type == typeof(long) && long.TryParse(word, NumberStyles.Integer, invariant, out var l))
        {
            return l;
        }

        if (type == typeof(double) && double.TryParse(word, NumberStyles.Float, invariant, out var d) && double.IsFinite(d))
        {
            return d;
        }

        if (type == typeof(bool))
        {
            switch (word.ToLowerInvariant())
            {
                case "true" or "yes" or "1":
                    return true;
                case "false" or "no" or "0":
                    return false;
            }
        }

        if (type.IsEnum && Enum.TryParse(type, word, ignoreCase: true, out var e) && Enum.IsDefined(type, e))
        {
            return e;
        }

        if (type.IsArray && type.GetElementType() is { } element && element != typeof(byte) && !word.StartsWith('['))
        {
            // "1 2 3" or "1,2,3": the forms a shell user types; JSON ("[1,2,3]") is handled below.
            var words = word.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var array = Array.CreateInstance(element, words.Length);
            for (var k = 0; k < words.Length; k++)
            {
                var item = TryConvert(words[k], element, out var itemFailure);
                if (itemFailure is not null)
                {
                    failure = $" (item {k + 1}, \"{words[k]}\", is not {TypeNames.Friendly(element)})";
                    return null;
                }

                array.SetValue(item, k);
            }

            return array;
        }

        if (type.IsArray || (!type.IsPrimitive && !type.IsEnum && type != typeof(decimal)))
        {
            try
            {
                return JsonSerializer.Deserialize(word, type, JsonOutput.Options);
            }
            catch (JsonException ex)
            {
                failure = $" ({ex.Message.Split(" Path:")[0].TrimEnd('.')})";
                return null;
            }
        }

        failure = string.Empty;
        return null;
    }

    private static UsageException CountError(RpcMethod method, int given)
    {
        var parameters = method.Parameters;
        var required = method.StreamsRequest ? parameters.Count : parameters.Count(p => !p.IsOptional);
        string expected = method.RequestItemType == typeof(byte[])
            ? $"{parameters.Count + 1} arguments"
            : method.StreamsRequest
                ? $"at least {required} argument{(required == 1 ? "" : "s")}"
                : required == parameters.Count
                    ? $"{required} argument{(required == 1 ? "" : "s")}"
                    : $"{required} to {parameters.Count} arguments";
        return new UsageException($"{method.FullName} takes {expected}, got {given}; usage: rpclab call {Usage(method)}");
    }

#pragma warning disable CS1998 // the items are already in memory; the stream shape is what the method takes
    private static async IAsyncEnumerable<object?> ToStream(object?[] items)
    {
        foreach (var item in items)
        {
            yield return item;
        }
    }
#pragma warning restore CS1998

    private static async IAsyncEnumerable<object?> ReadChunks(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var chunk in LocalFileChunks.ReadAsync(path, sent: null, cancellationToken).ConfigureAwait(false))
        {
            yield return chunk;
        }
    }
}
