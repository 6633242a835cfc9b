using RpcLab.Services.Errors;

namespace RpcLab.Transports.JsonRpc;

/// <summary>A JSON-RPC error object; <see cref="Status"/>, when set, travels as <c>data.status</c>.</summary>
internal sealed record JsonRpcError(int Code, string Message, RpcStatusCode? Status = null)
{
    public static JsonRpcError ParseError(string? detail = null) => new(JsonRpcErrorCodes.ParseError, detail is null ? "Parse error" : $"Parse error: {detail}");

    public static JsonRpcError InvalidRequest { get; } = new(JsonRpcErrorCodes.InvalidRequest, "Invalid Request");

    public static JsonRpcError MethodNotFound { get; } = new(JsonRpcErrorCodes.MethodNotFound, "Method not found");

    public static JsonRpcError FromStatus(RpcStatusCode status, string detail) => new(JsonRpcErrorCodes.FromStatus(status), detail, status);

    /// <summary>What a handler's exception becomes on the wire.</summary>
    public static JsonRpcError FromException(Exception exception) => exception switch
    {
        JsonRpcErrorException e => e.Error,
        _ => FromRpcException(Invocation.RpcErrors.ToRpcException(exception)),
    };

    public static JsonRpcError FromRpcException(RpcException e) => FromStatus(e.Status, e.Detail);

    /// <summary>The exception a caller sees for this error.</summary>
    public RpcException ToRpcException()
    {
        var status = Status ?? JsonRpcErrorCodes.ToStatus(Code);
        return new RpcException(status, Message);
    }
}
