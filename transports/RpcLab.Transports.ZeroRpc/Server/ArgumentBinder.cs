using System.Collections.Concurrent;
using System.Reflection;
using MessagePack;
using RpcLab.Services.Errors;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.ZeroRpc.Wire;

namespace RpcLab.Transports.ZeroRpc.Server;

/// <summary>
/// A request's args, <c>[a, b, ...]</c> by position as zerorpc sends them, bound to the contract method's
/// parameters: each value read as its parameter's type (integers widened from their smallest encoding, a value
/// out of range or of another type refused), trailing parameters with a default may be left out, and nil only
/// where the contract allows null. Every mismatch is InvalidArgument naming the parameter. Thread-safe.
/// </summary>
internal static class ArgumentBinder
{
    private static readonly ConcurrentDictionary<ParameterInfo, bool> AllowsNullCache = new();
    private static readonly NullabilityInfoContext Nullability = new();

    public static object?[] Bind(RpcMethod method, ReadOnlyMemory<byte> rawArgs)
    {
        var parameters = method.Parameters;
        var reader = new MessagePackReader(rawArgs);
        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            throw RpcException.InvalidArgument($"the args of {method.FullName} must be an array, not {WireTypes.DescribeValue(rawArgs)}");
        }

        var count = reader.ReadArrayHeader();
        if (count > parameters.Count)
        {
            throw RpcException.InvalidArgument($"{method.FullName} takes {Takes(parameters)}, got {count}");
        }

        var values = new object?[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            if (i >= count)
            {
                values[i] = parameter.HasDefaultValue
                    ? parameter.DefaultValue
                    : throw RpcException.InvalidArgument($"missing argument '{parameter.Name}' ({WireTypes.Describe(parameter.ParameterType)}): {method.FullName} takes {Takes(parameters)}");
                continue;
            }

            var start = (int)reader.Consumed;
            reader.Skip();
            var value = WireSerializer.ReadOrThrow(parameter.ParameterType, rawArgs[start..(int)reader.Consumed], RpcStatusCode.InvalidArgument, $"argument '{parameter.Name}'");
            values[i] = value is null && !AllowsNull(parameter)
                ? throw RpcException.InvalidArgument($"argument '{parameter.Name}' must not be nil")
                : value;
        }

        return values;
    }

    private static string Takes(IReadOnlyList<ParameterInfo> parameters) =>
        parameters.Count == 0 ? "no arguments" : $"{parameters.Count} argument(s) ({string.Join(", ", parameters.Select(p => p.Name))})";

    private static bool AllowsNull(ParameterInfo parameter) => AllowsNullCache.GetOrAdd(parameter, static p =>
    {
        if (p.ParameterType.IsValueType)
        {
            return Nullable.GetUnderlyingType(p.ParameterType) is not null;
        }

        // NullabilityInfoContext is not thread-safe; this runs once per parameter.
        lock (Nullability)
        {
            return Nullability.Create(p).WriteState != NullabilityState.NotNull;
        }
    });
}
