using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// Parameters and types in the words a student reads in JSON-RPC's method list and -32602 messages
/// (integer, string, array of integer, ...), rather than .NET's type names. Thread-safe (stateless).
/// </summary>
internal static class WireText
{
    /// <summary>A type name a student reads in an error message: integer, string, array of integer, ...</summary>
    public static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "integer",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "number",
        _ when type == typeof(string) => "string",
        _ when type == typeof(bool) => "boolean",
        _ when type == typeof(byte[]) => "base64 string",
        _ when type == typeof(System.Text.Json.JsonElement) => "any JSON value",
        { IsArray: true } => $"array of {Describe(type.GetElementType()!)}",
        _ when Nullable.GetUnderlyingType(type) is { } inner => $"{Describe(inner)} or null",
        _ => $"{type.Name} object",
    };

    /// <summary>One parameter in params: <c>count: integer</c>, <c>intervalMs: integer = 0</c>, <c>chunks: stream of base64 string</c>.</summary>
    public static string Describe(RpcParameter parameter) =>
        parameter.ItemType is { } item ? $"{parameter.Name}: stream of {Describe(item)}"
        : parameter.IsOptional ? $"{parameter.Name}: {Describe(parameter.Type)} = {parameter.DefaultValue ?? "null"}"
        : $"{parameter.Name}: {Describe(parameter.Type)}";
}
