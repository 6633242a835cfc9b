namespace RpcLab.Transports.JsonRpc;

/// <summary>The reply to <c>$/enumerator/next</c>: <c>{"values": [...], "finished": bool}</c>.</summary>
internal sealed record EnumeratorPage(object?[] Values, bool Finished);
