using System.Text.Json;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.JsonRpc.Compliance;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// The message of a -32602: StreamJsonRpc decides that the params do not fit (and says so with internal type
/// names and stack traces); this says which parameter, in the words a student reads, by asking the request for
/// each argument in turn. Only while StreamJsonRpc still holds the request's arguments. Thread-safe (stateless).
/// </summary>
internal static class InvalidParams
{
    public const string Prefix = "Invalid params: ";

    public static string Explain(JsonRpcRequest request, IReadOnlyList<RpcParameter>? parameters)
    {
        var name = request.Method;
        if (parameters is null)
        {
            return $"{Prefix}{name} cannot take these params";
        }

        var names = string.Join(", ", parameters.Select(p => p.Name));
        if (request.ArgumentCount > parameters.Count)
        {
            return $"{Prefix}{name} takes {parameters.Count} parameter(s) ({names}), got {request.ArgumentCount}";
        }

        if (request.ArgumentNames?.FirstOrDefault(n => !parameters.Any(p => p.Name == n)) is { } unknown)
        {
            return $"{Prefix}{name} has no parameter '{unknown}' (it takes {names})";
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            if (Problem(request, name, parameters[i], i) is { } problem)
            {
                return $"{Prefix}{problem}";
            }
        }

        return $"{Prefix}{name} takes ({string.Join(", ", parameters.Select(WireText.Describe))})";
    }

    private static string? Problem(JsonRpcRequest request, string? method, RpcParameter parameter, int position)
    {
        if (!request.TryGetArgumentByNameOrIndex(parameter.Name, position, typeof(JsonElement), out var value) || value is not JsonElement argument)
        {
            return parameter.IsOptional ? null : $"missing parameter '{parameter.Name}' of {method} ({(parameter.IsStream ? "an enumerator token" : Article(WireText.Describe(parameter.Type)))})";
        }

        if (argument.ValueKind == JsonValueKind.Null)
        {
            return parameter.AllowsNull ? null : $"parameter '{parameter.Name}' of {method} must not be null";
        }

        if (parameter.IsStream)
        {
            var isToken = argument.ValueKind == JsonValueKind.Object && (argument.TryGetProperty("token", out _) || argument.TryGetProperty("values", out _));
            return isToken ? null : $"parameter '{parameter.Name}' of {method} must be an enumerator token such as {{\"token\": 1}}, got {WireReplies.Shorten(argument.GetRawText())}";
        }

        try
        {
            request.TryGetArgumentByNameOrIndex(parameter.Name, position, parameter.Type, out _);
            return null;
        }
        catch (RpcArgumentDeserializationException)
        {
            return $"parameter '{parameter.Name}' of {method} must be {Article(WireText.Describe(parameter.Type))}, got {WireReplies.Shorten(argument.GetRawText())}";
        }
    }

    private static string Article(string description) => description[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? $"an {description}" : $"a {description}";
}
