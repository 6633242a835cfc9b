namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// A method a connection serves. Returns the result to serialize (by its runtime type); throws
/// <see cref="Services.Errors.RpcException"/> or <see cref="JsonRpcErrorException"/> for an error reply.
/// </summary>
internal delegate Task<object?> JsonRpcHandler(JsonRpcCallContext context);
