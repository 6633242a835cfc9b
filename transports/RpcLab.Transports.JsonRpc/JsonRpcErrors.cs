using System.Text.Json;
using RpcLab.Services.Errors;
using RpcLab.Transports.Invocation;
using StreamJsonRpc;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// How StreamJsonRpc's exceptions for a failed remote call become the RpcException every transport's caller
/// sees: the status from <c>data.status</c> when present, else from the code (<see cref="JsonRpcErrorCodes"/>).
/// Thread-safe (stateless).
/// </summary>
internal static class JsonRpcErrors
{
    /// <summary>The RpcException for a failure StreamJsonRpc reported, or <paramref name="exception"/> itself when it is not one of those.</summary>
    public static Exception Unwrap(Exception exception) => exception switch
    {
        RemoteInvocationException remote => new RpcException(StatusOf(remote.ErrorCode, remote.DeserializedErrorData), remote.Message, remote),
        ConnectionLostException lost => new RpcException(RpcStatusCode.Unavailable, $"the connection closed: {lost.Message}", lost),
        _ => exception,
    };

    /// <summary>As <see cref="RpcErrors.ToRpcException"/>, knowing StreamJsonRpc's exceptions too.</summary>
    public static RpcException ToRpcException(Exception exception) => RpcErrors.ToRpcException(Unwrap(exception));

    private static RpcStatusCode StatusOf(int code, object? data) =>
        data is JsonElement { ValueKind: JsonValueKind.Object } element && element.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
            && JsonRpcErrorCodes.ParseStatus(status.GetString()) is { } named
            ? named
            : JsonRpcErrorCodes.ToStatus(code);
}
