using System.Text.Json;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// One incoming JSON-RPC object, classified. <see cref="Id"/> is kept as the JSON value it was (string,
/// number of any form, or null) so that replies echo it unchanged.
/// </summary>
internal readonly record struct JsonRpcMessage(
    JsonRpcMessageKind Kind,
    string? Method,
    JsonElement? Params,
    JsonElement? Id,
    JsonElement? Result,
    JsonRpcError? Error,
    string? Problem)
{
    /// <summary>True for an Invalid message that looked like a response (those get no reply, or two peers could answer each other forever).</summary>
    public bool IsBrokenResponse { get; init; }

    /// <summary>Sorts one element of a message or batch into request, notification, response or invalid.</summary>
    public static JsonRpcMessage Classify(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Invalid(null, $"a message must be an object, not {element.ValueKind.ToString().ToLowerInvariant()}");
        }

        var hasId = element.TryGetProperty("id", out var id);
        JsonElement? validId = hasId && id.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null ? id : null;
        var hasVersion = element.TryGetProperty("jsonrpc", out var version) && version.ValueKind == JsonValueKind.String && version.ValueEquals("2.0");

        if (element.TryGetProperty("method", out var method))
        {
            if (!hasVersion)
            {
                return Invalid(validId, "\"jsonrpc\" must be \"2.0\"");
            }

            if (method.ValueKind != JsonValueKind.String)
            {
                return Invalid(validId, "\"method\" must be a string");
            }

            if (hasId && validId is null)
            {
                return Invalid(null, "\"id\" must be a string, a number or null");
            }

            JsonElement? parameters = null;
            if (element.TryGetProperty("params", out var p))
            {
                if (p.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
                {
                    return Invalid(validId, "\"params\" must be an array or an object");
                }

                parameters = p;
            }

            return new JsonRpcMessage(hasId ? JsonRpcMessageKind.Request : JsonRpcMessageKind.Notification, method.GetString(), parameters, validId, null, null, null);
        }

        var hasResult = element.TryGetProperty("result", out var result);
        var hasError = element.TryGetProperty("error", out var error);
        if (hasResult || hasError)
        {
            if (hasResult == hasError || validId is null)
            {
                return Invalid(validId, "a response needs an id and exactly one of result and error") with { IsBrokenResponse = true };
            }

            return hasResult
                ? new JsonRpcMessage(JsonRpcMessageKind.Response, null, null, validId, result, null, null)
                : new JsonRpcMessage(JsonRpcMessageKind.Response, null, null, validId, null, ParseError(error), null);
        }

        return Invalid(validId, "neither a request (no \"method\") nor a response");
    }

    private static JsonRpcMessage Invalid(JsonElement? id, string problem) =>
        new(JsonRpcMessageKind.Invalid, null, null, id, null, null, problem);

    private static JsonRpcError ParseError(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object)
        {
            return new JsonRpcError(JsonRpcErrorCodes.InternalError, "malformed error object");
        }

        var code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : JsonRpcErrorCodes.InternalError;
        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "(no message)";
        Services.Errors.RpcStatusCode? status = null;
        if (error.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object &&
            data.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String &&
            Enum.TryParse<Services.Errors.RpcStatusCode>(s.GetString(), ignoreCase: false, out var parsed) &&
            Enum.IsDefined(parsed) && parsed != Services.Errors.RpcStatusCode.OK && !char.IsDigit(s.GetString()![0]))
        {
            status = parsed;
        }

        return new JsonRpcError(code, message, status);
    }
}
