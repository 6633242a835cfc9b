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
                values[i] = parameter.IsOptional
                    ? parameter.DefaultValue
                    : throw RpcException.InvalidArgument($"missing argument '{parameter.Name}' ({WireTypes.Describe(parameter.Type)}): {method.FullName} takes {Takes(parameters)}");
                continue;
            }

            var start = (int)reader.Consumed;
            reader.Skip();
            var value = WireSerializer.ReadOrThrow(parameter.Type, rawArgs[start..(int)reader.Consumed], RpcStatusCode.InvalidArgument, $"argument '{parameter.Name}'");
            values[i] = value is null && !parameter.AllowsNull
                ? throw RpcException.InvalidArgument($"argument '{parameter.Name}' must not be nil")
                : value;
        }

        return values;
    }

    private static string Takes(IReadOnlyList<RpcParameter> parameters) =>
        parameters.Count == 0 ? "no arguments" : $"{parameters.Count} argument(s) ({string.Join(", ", parameters.Select(p => p.Name))})";
}
