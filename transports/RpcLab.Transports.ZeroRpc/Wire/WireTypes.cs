using MessagePack;

namespace RpcLab.Transports.ZeroRpc.Wire;

/// <summary>Contract types and msgpack values named as a student reads them in an error message. Stateless.</summary>
internal static class WireTypes
{
    /// <summary>"an integer", "a str", "an array of integer", "a map (Id, Name, Email)".</summary>
    public static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "an integer",
        _ when type == typeof(double) || type == typeof(float) => "a number",
        _ when type == typeof(string) => "a str",
        _ when type == typeof(bool) => "a bool",
        _ when type == typeof(byte[]) => "bin",
        { IsArray: true } => $"an array of {Describe(type.GetElementType()!).Split(' ', 2)[^1]}",
        _ when Nullable.GetUnderlyingType(type) is { } inner => $"{Describe(inner)} or nil",
        { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ => $"a map ({string.Join(", ", type.GetProperties().Select(p => p.Name))})",
    };

    /// <summary>"str", "integer", "array of integer": <see cref="Describe"/> without its article, for signatures.</summary>
    public static string Name(Type type)
    {
        var described = Describe(type);
        return described.StartsWith("a ", StringComparison.Ordinal) ? described[2..]
            : described.StartsWith("an ", StringComparison.Ordinal) ? described[3..]
            : described;
    }

    /// <summary>The msgpack type of a raw value: "str", "int", "array", ...</summary>
    public static string DescribeValue(ReadOnlyMemory<byte> raw)
    {
        if (raw.IsEmpty)
        {
            return "nothing";
        }

        var reader = new MessagePackReader(raw);
        return reader.NextMessagePackType switch
        {
            MessagePackType.Integer => "an int",
            MessagePackType.Float => "a float",
            MessagePackType.String => "a str",
            MessagePackType.Binary => "bin",
            MessagePackType.Array => "an array",
            MessagePackType.Map => "a map",
            MessagePackType.Nil => "nil",
            MessagePackType.Boolean => "a bool",
            MessagePackType.Extension => "an ext value",
            _ => "an unknown msgpack value",
        };
    }
}
