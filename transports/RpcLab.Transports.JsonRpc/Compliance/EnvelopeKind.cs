namespace RpcLab.Transports.JsonRpc.Compliance;

/// <summary>What one JSON-RPC object is, by the members the specification requires.</summary>
internal enum EnvelopeKind
{
    Request,
    Notification,
    Response,

    /// <summary>Looks like a response but is not one (both or neither of result and error, no usable id, a malformed error): never answered.</summary>
    BrokenResponse,

    /// <summary>Not a valid request: answered with -32600.</summary>
    Invalid,
}
