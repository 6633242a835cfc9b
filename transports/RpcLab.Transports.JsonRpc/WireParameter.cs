using System.Reflection;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// One parameter as it appears in <c>params</c>: a method's parameters in declaration order without the
/// CancellationToken, the request stream included (it travels as an enumerator token in its place). Used to
/// list the methods and to say which parameter a -32602 is about. Immutable; the cache is thread-safe.
/// </summary>
internal sealed record WireParameter(string Name, Type Type, bool IsStream, bool IsOptional, object? DefaultValue, bool AllowsNull, int ArgumentIndex)
{
    private static readonly NullabilityInfoContext Nullability = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<MethodInfo, IReadOnlyList<WireParameter>> Cache = new();

    /// <summary>The wire parameters of a contract method, with the index of each ordinary one in RpcMethod.Parameters.</summary>
    public static IReadOnlyList<WireParameter> Of(MethodInfo method) => Cache.GetOrAdd(method, Build);

    private static IReadOnlyList<WireParameter> Build(MethodInfo method)
    {
        var result = new List<WireParameter>();
        var argumentIndex = 0;
        foreach (var p in method.GetParameters())
        {
            if (p.ParameterType == typeof(CancellationToken))
            {
                continue;
            }

            var itemType = Invocation.RpcMethod.AsyncItemType(p.ParameterType);
            bool allowsNull;
            lock (Nullability)
            {
                allowsNull = !p.ParameterType.IsValueType
                    ? Nullability.Create(p).WriteState != NullabilityState.NotNull
                    : Nullable.GetUnderlyingType(p.ParameterType) is not null;
            }

            result.Add(itemType is not null
                ? new WireParameter(p.Name!, itemType, IsStream: true, IsOptional: false, null, AllowsNull: false, ArgumentIndex: -1)
                : new WireParameter(p.Name!, p.ParameterType, IsStream: false, p.HasDefaultValue, p.HasDefaultValue ? p.DefaultValue : null, allowsNull, argumentIndex++));
        }

        return result;
    }

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

    public override string ToString() => IsStream ? $"{Name}: stream of {Describe(Type)}" : IsOptional ? $"{Name}: {Describe(Type)} = {DefaultValue ?? "null"}" : $"{Name}: {Describe(Type)}";
}
