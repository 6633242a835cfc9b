namespace RpcLab.Transports.JsonRpc;

internal enum JsonRpcMessageKind
{
    Request,
    Notification,
    Response,

    /// <summary>Not a valid request (answered with -32600) or a malformed response (ignored).</summary>
    Invalid,
}
