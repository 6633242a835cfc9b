using System.Collections.Concurrent;

namespace RpcLab.Transports.Raw.Types;

/// <summary>
/// The protocol's type names and the .NET types they stand for. The original project's types first:
/// <c>int</c> (int), <c>float</c> (double), <c>str</c> (string), and <c>List[T]</c> of them; then what the lab's
/// contracts also need: <c>bool</c>, <c>long</c>, <c>bytes</c> (byte[], base64 in JSON), records by their name
/// (<c>User</c>, <c>Job</c>, <c>FileEntry</c>, <c>SumResult</c>), and <c>Stream[T]</c> for a stream argument or
/// result. Every RawType is made once per .NET type and cached. Thread-safe.
/// </summary>
public static class RawTypes
{
    private static readonly (string Name, Type Type)[] Scalars =
    [
        ("int", typeof(int)),
        ("long", typeof(long)),
        ("float", typeof(double)),
        ("str", typeof(string)),
        ("bool", typeof(bool)),
        ("bytes", typeof(byte[])),
    ];

    private static readonly ConcurrentDictionary<Type, RawType> ByClrType = new();

    /// <summary>The names <see cref="Parse"/> knows, for help texts: int, long, float, str, bool, bytes, List[T].</summary>
    public static string KnownNames => string.Join(", ", Scalars.Select(s => s.Name)) + ", List[T]";

    /// <summary>The protocol type of a .NET type; throws <see cref="NotSupportedException"/> for one it cannot carry.</summary>
    public static RawType Of(Type clrType) => ByClrType.GetOrAdd(clrType, Create);

    /// <summary>
    /// The type a name declares, read into its usual .NET type (<c>List[int]</c> as int[]). Null for a name this
    /// side does not know: records and streams are known only through a contract's .NET types.
    /// </summary>
    public static RawType? Parse(string name)
    {
        name = name.Trim();
        foreach (var (scalar, type) in Scalars)
        {
            if (name == scalar)
            {
                return Of(type);
            }
        }

        if (name.StartsWith("List[", StringComparison.Ordinal) && name.EndsWith(']'))
        {
            var element = Parse(name[5..^1]);
            return element is null ? null : Of(element.ClrType.MakeArrayType());
        }

        return null;
    }

    /// <summary>"(int, str)": a list of types as signatures show them.</summary>
    public static string Join(IEnumerable<string> names) => $"({string.Join(", ", names)})";

    private static RawType Create(Type type)
    {
        foreach (var (scalar, scalarType) in Scalars)
        {
            if (type == scalarType)
            {
                return new RawType(scalar, type, element: null, isStream: false);
            }
        }

        if (type.IsArray && type.GetArrayRank() == 1)
        {
            var element = Of(type.GetElementType()!);
            return new RawType($"List[{element.Name}]", type, element, isStream: false);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            var element = Of(type.GetGenericArguments()[0]);
            return new RawType($"List[{element.Name}]", type, element, isStream: false);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))
        {
            var element = Of(type.GetGenericArguments()[0]);
            return new RawType($"Stream[{element.Name}]", type, element, isStream: true);
        }

        if (type.IsClass && !type.IsGenericType && !type.IsAbstract && type != typeof(object) && type.Namespace?.StartsWith("System", StringComparison.Ordinal) != true)
        {
            // A record of a contract (User, Job, ...): named as in C#, carried as a JSON object.
            return new RawType(type.Name, type, element: null, isStream: false);
        }

        throw new NotSupportedException($"the raw protocol has no type for {type}; it carries {KnownNames}, records and Stream[T]");
    }
}
