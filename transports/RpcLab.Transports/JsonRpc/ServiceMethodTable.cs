using System.Text.Json;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// The five services as JSON-RPC methods, one per <see cref="ServiceCatalog"/> entry under its wire name
/// (<c>users.get</c>, <c>files.upload</c>). Binds positional or named <c>params</c> to the contract's
/// parameters (-32602 naming the parameter when they do not fit), turns a stream parameter's token into a
/// sequence pulled from the caller, and returns a stream result as a token. Immutable and thread-safe.
/// </summary>
internal static class ServiceMethodTable
{
    public static Dictionary<string, JsonRpcHandler> Create(ServiceSet services) =>
        ServiceCatalog.Methods.ToDictionary(m => m.FullName, m => Handler(services, m), StringComparer.Ordinal);

    /// <summary>The methods and their signatures, for <c>rpclab serve --transport jsonrpc --list</c>.</summary>
    public static IEnumerable<string> Describe() => ServiceCatalog.Methods.Select(m =>
    {
        var shape = m.Shape switch
        {
            CallShape.ClientStreaming => "  (client streaming)",
            CallShape.ServerStreaming => "  (server streaming: result is an enumerator token)",
            CallShape.DuplexStreaming => "  (bidirectional: result is an enumerator token)",
            _ => "",
        };
        var result = m.ResultType is null ? "null" : m.StreamsResult ? $"stream of {WireParameter.Describe(m.ResultType)}" : WireParameter.Describe(m.ResultType);
        return $"{m.FullName}({string.Join(", ", WireParameter.Of(m.Method))}) -> {result}{shape}";
    });

    private static JsonRpcHandler Handler(ServiceSet services, RpcMethod method)
    {
        var parameters = WireParameter.Of(method.Method);
        return async context =>
        {
            var args = Bind(method, parameters, context.Params, out var streamArgument);
            var requestStream = streamArgument is { } token
                ? RemoteEnumerable.TryCreate(context.Connection, token, method.RequestItemType!)
                  ?? throw JsonRpcErrorException.InvalidParams($"parameter '{parameters.First(p => p.IsStream).Name}' must be an enumerator token such as {{\"token\": 1}}")
                : null;

            if (method.StreamsResult)
            {
                // The method is called now (arguments it refuses up front fail this reply); its stream runs
                // when the caller first asks for values, on the sequence's own token.
                var resultToken = context.Connection.Enumerators.Register(ct => method.InvokeStreaming(services, args, requestStream, ct));
                return new EnumeratorToken(resultToken);
            }

            return await method.InvokeAsync(services, args, requestStream, context.CancellationToken).ConfigureAwait(false);
        };
    }

    private static object?[] Bind(RpcMethod method, IReadOnlyList<WireParameter> parameters, JsonElement? json, out JsonElement? streamArgument)
    {
        var given = new JsonElement?[parameters.Count];
        if (json is { ValueKind: JsonValueKind.Array } array)
        {
            if (array.GetArrayLength() > parameters.Count)
            {
                throw JsonRpcErrorException.InvalidParams($"{method.FullName} takes {parameters.Count} parameter(s) ({string.Join(", ", parameters.Select(p => p.Name))}), got {array.GetArrayLength()}");
            }

            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                given[i++] = item;
            }
        }
        else if (json is { ValueKind: JsonValueKind.Object } named)
        {
            foreach (var property in named.EnumerateObject())
            {
                var index = IndexOf(parameters, property.Name);
                if (index < 0)
                {
                    throw JsonRpcErrorException.InvalidParams($"{method.FullName} has no parameter '{property.Name}' (it takes {string.Join(", ", parameters.Select(p => p.Name))})");
                }

                given[index] = property.Value;
            }
        }

        streamArgument = null;
        var args = new object?[method.Parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            if (given[i] is not { } value)
            {
                if (!parameter.IsOptional)
                {
                    throw JsonRpcErrorException.InvalidParams($"missing parameter '{parameter.Name}' ({(parameter.IsStream ? "an enumerator token" : WireParameter.Describe(parameter.Type))})");
                }

                args[parameter.ArgumentIndex] = parameter.DefaultValue;
                continue;
            }

            if (parameter.IsStream)
            {
                streamArgument = value;
                continue;
            }

            args[parameter.ArgumentIndex] = Convert(parameter, value);
        }

        return args;
    }

    private static object? Convert(WireParameter parameter, JsonElement value)
    {
        object? converted;
        try
        {
            converted = JsonRpcFormatter.Deserialize(value, parameter.Type);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw JsonRpcErrorException.InvalidParams($"parameter '{parameter.Name}' must be {Article(WireParameter.Describe(parameter.Type))}, got {Shorten(value.GetRawText())}");
        }

        if (converted is null && !parameter.AllowsNull)
        {
            throw JsonRpcErrorException.InvalidParams($"parameter '{parameter.Name}' must not be null");
        }

        return converted;
    }

    private static int IndexOf(IReadOnlyList<WireParameter> parameters, string name)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            if (string.Equals(parameters[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            if (string.Equals(parameters[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Article(string description) => description[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? $"an {description}" : $"a {description}";

    private static string Shorten(string json) => json.Length <= 60 ? json : json[..57] + "...";
}
