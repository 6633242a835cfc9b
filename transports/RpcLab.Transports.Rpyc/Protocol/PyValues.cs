using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text;
using RpcLab.Transports.Rpyc.Objects;

namespace RpcLab.Transports.Rpyc.Protocol;

/// <summary>
/// Contract values to Python values and back. To Python: numbers, str, bytes and None as brine values; an enum as
/// its lower-case name ("done"); a time as a Unix timestamp in seconds (a float, as <c>os.path.getmtime</c> gives);
/// an array as a list and a record as a dict with snake_case keys (<c>u["name"]</c>, <c>entry["sha256"]</c>) — as
/// references for a Python peer, as tuples for a peer that asked for values (RPCLAB_VALUES). From Python: the same,
/// plus tuples, lists and iterables held by the peer (pulled item by item). Stateless and thread-safe.
/// </summary>
internal static class PyValues
{
    /// <summary>The most items read from a peer's iterable into one array: a peer's endless generator cannot fill the server's memory.</summary>
    public const int MaxPulledItems = 1 << 20;

    public static object? ToPython(object? value, bool byValue)
    {
        switch (value)
        {
            case null or string or bool or long or double or byte[] or BigInteger or LocalObject:
                return value;
            case int or short or byte or sbyte or ushort or uint:
                return Convert.ToInt64(value, CultureInfo.InvariantCulture);
            case ulong u:
                return u <= long.MaxValue ? (long)u : new BigInteger(u);
            case float f:
                return (double)f;
            case decimal m:
                return (double)m;
            case Enum e:
                return e.ToString().ToLowerInvariant();
            case DateTimeOffset time:
                return (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond;
            case TimeSpan span:
                return span.TotalSeconds;
            case IList list:
                var items = new object?[list.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = ToPython(list[i], byValue);
                }

                return byValue ? items : new PyList(items);
        }

        if (RecordParameters(value.GetType()) is { } parameters)
        {
            var entries = parameters.Select(p => new KeyValuePair<string, object?>(KeyOf(p.Name!), ToPython(value.GetType().GetProperty(p.Name!)!.GetValue(value), byValue))).ToArray();
            return byValue ? entries.Select(e => (object?)new object?[] { e.Key, e.Value }).ToArray() : new PyDict(entries);
        }

        throw PyError.Type($"cannot send a {value.GetType().Name} to Python");
    }

    /// <summary>
    /// <paramref name="value"/> as <paramref name="type"/>, or a TypeError/ValueError naming <paramref name="what"/>.
    /// A peer's list, tuple or dict reference is read with requests to the peer.
    /// </summary>
    public static async ValueTask<object?> ToClrAsync(object? value, Type type, string what, CancellationToken cancellationToken)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return value is null ? null : await ToClrAsync(value, underlying, what, cancellationToken).ConfigureAwait(false);
        }

        if (value is null)
        {
            return type.IsValueType ? throw PyError.Type($"{what} must be {PyTypeName(type)}, not None") : null;
        }

        if (type == typeof(object))
        {
            return value;
        }

        if (type == typeof(string))
        {
            return value as string ?? throw Mismatch(what, type, value);
        }

        if (type == typeof(bool))
        {
            return value as bool? ?? throw Mismatch(what, type, value);
        }

        if (type == typeof(byte[]))
        {
            return value as byte[] ?? throw Mismatch(what, type, value);
        }

        if (type == typeof(int) || type == typeof(long))
        {
            var integer = value switch
            {
                long l => l,
                BigInteger big => big,
                _ => throw Mismatch(what, type, value),
            };
            var (min, max) = type == typeof(int) ? ((BigInteger)int.MinValue, (BigInteger)int.MaxValue) : ((BigInteger)long.MinValue, (BigInteger)long.MaxValue);
            if (integer < min || integer > max)
            {
                throw PyError.Value($"{what} is {integer}, outside the range of a {type.Name} ({min}..{max})");
            }

            return type == typeof(int) ? (object)(int)integer : (long)integer;
        }

        if (type == typeof(double))
        {
            return value switch
            {
                double d => d,
                long l => (double)l,
                BigInteger big => (double)big,
                _ => throw Mismatch(what, type, value),
            };
        }

        if (type.IsEnum)
        {
            return value is string name && Enum.TryParse(type, name, ignoreCase: true, out var parsed)
                ? parsed
                : throw PyError.Value($"{what} must be one of {string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))}");
        }

        if (type == typeof(DateTimeOffset))
        {
            var seconds = (double)(await ToClrAsync(value, typeof(double), what, cancellationToken).ConfigureAwait(false))!;
            return DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        }

        if (type.IsArray)
        {
            var itemType = type.GetElementType()!;
            var items = new List<object?>();
            await foreach (var item in Iterate(value, what, cancellationToken).ConfigureAwait(false))
            {
                items.Add(await ToClrAsync(item, itemType, $"an item of {what}", cancellationToken).ConfigureAwait(false));
            }

            var array = Array.CreateInstance(itemType, items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                array.SetValue(items[i], i);
            }

            return array;
        }

        if (RecordParameters(type) is { } parameters)
        {
            var args = new object?[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                var key = KeyOf(parameters[i].Name!);
                var field = await ItemAsync(value, key, what, cancellationToken).ConfigureAwait(false);
                args[i] = await ToClrAsync(field, parameters[i].ParameterType, $"{what}[\"{key}\"]", cancellationToken).ConfigureAwait(false);
            }

            return Activator.CreateInstance(type, args);
        }

        throw PyError.Type($"{what}: RpcLab cannot read a {PyTypeName(type)} from Python");
    }

    /// <summary>The items of a tuple, of one of our lists, or of a peer's iterable (CALLATTR <c>__iter__</c>, then <c>__next__</c> until StopIteration).</summary>
    public static async IAsyncEnumerable<object?> Iterate(object? source, string what, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        switch (source)
        {
            case object?[] tuple:
                foreach (var item in tuple)
                {
                    yield return item;
                }

                yield break;
            case PyList list:
                foreach (var item in list.Items)
                {
                    yield return item;
                }

                yield break;
            case RemoteRef remote:
                var iterator = await remote.CallAttrAsync("__iter__", [], cancellationToken).ConfigureAwait(false);
                try
                {
                    var target = iterator as RemoteRef ?? throw PyError.Type($"{what}: iter() gave a {TypeNameOf(iterator)}");
                    for (var count = 0; ; count++)
                    {
                        if (count >= MaxPulledItems)
                        {
                            throw PyError.Overflow($"{what} has more than {MaxPulledItems} items");
                        }

                        object? item;
                        try
                        {
                            item = await target.CallAttrAsync("__next__", [], cancellationToken).ConfigureAwait(false);
                        }
                        catch (StopIterationError)
                        {
                            yield break;
                        }

                        yield return item;
                    }
                }
                finally
                {
                    RemoteRef.ReleaseAll(iterator);
                }

            default:
                throw PyError.Type($"{what} must be iterable, not {TypeNameOf(source)}");
        }
    }

    /// <summary>Python's name for the type of <paramref name="value"/>, as its error messages say it.</summary>
    public static string TypeNameOf(object? value) => value switch
    {
        null => "NoneType",
        bool => "bool",
        long or BigInteger => "int",
        double => "float",
        Complex => "complex",
        string => "str",
        byte[] => "bytes",
        object?[] => "tuple",
        LocalObject local => local.ShortName,
        RemoteRef remote => remote.Id.Name[(remote.Id.Name.LastIndexOf('.') + 1)..],
        _ => value.GetType().Name,
    };

    public static bool AreEqual(object? a, object? b) => (a, b) switch
    {
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        (long x, double y) => x == y,
        (double x, long y) => x == y,
        _ => Equals(a, b),
    };

    /// <summary>"Sha256" -> "sha256", "MaxFileSize" -> "max_file_size": a record's property as a Python key.</summary>
    public static string KeyOf(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    private static async ValueTask<object?> ItemAsync(object? record, string key, string what, CancellationToken cancellationToken)
    {
        switch (record)
        {
            case PyDict dict:
                var entry = dict.Entries.FirstOrDefault(e => e.Key == key);
                return entry.Key is null ? throw PyError.Key($"{what} has no \"{key}\"") : entry.Value;
            case object?[] pairs:
                foreach (var pair in pairs)
                {
                    if (pair is object?[] { Length: 2 } p && p[0] is string k && k == key)
                    {
                        return p[1];
                    }
                }

                throw PyError.Key($"{what} has no \"{key}\"");
            case RemoteRef remote:
                return await remote.CallAttrAsync("__getitem__", [key], cancellationToken).ConfigureAwait(false);
            default:
                throw PyError.Type($"{what} must be a dict, not {TypeNameOf(record)}");
        }
    }

    // A record: its primary constructor's parameters, each matched by a property of the same name.
    private static ParameterInfo[]? RecordParameters(Type type)
    {
        if (!type.IsClass || type == typeof(string) || type.GetMethod("<Clone>$") is null)
        {
            return null;
        }

        return type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()?.GetParameters();
    }

    private static PyError Mismatch(string what, Type type, object value) => PyError.Type($"{what} must be {PyTypeName(type)}, not {TypeNameOf(value)}");

    private static string PyTypeName(Type type) => type switch
    {
        _ when type == typeof(string) => "str",
        _ when type == typeof(int) || type == typeof(long) => "int",
        _ when type == typeof(double) => "float",
        _ when type == typeof(bool) => "bool",
        _ when type == typeof(byte[]) => "bytes",
        { IsArray: true } => "a list or tuple",
        _ => "a dict",
    };
}
