namespace RpcLab.Transports.JsonRpc;

/// <summary>Thrown inside the transport for an error that must go out with a specific code (-32602 and the like).</summary>
internal sealed class JsonRpcErrorException(JsonRpcError error) : Exception(error.Message)
{
    public JsonRpcError Error { get; } = error;

    public static JsonRpcErrorException InvalidParams(string detail) =>
        new(new JsonRpcError(JsonRpcErrorCodes.InvalidParams, $"Invalid params: {detail}"));
}
