using StreamJsonRpc.Protocol;

namespace RpcLab.Transports.JsonRpc.Compliance;

/// <summary>
/// A reply the handler wrote itself (a -32700 or -32600 the specification requires, a refusal, a batch), sent
/// through <see cref="StreamJsonRpc.MessageHandlerBase.WriteAsync"/> like every other message so that writes
/// never interleave. Immutable.
/// </summary>
internal sealed class RawMessage(byte[] json) : JsonRpcMessage
{
    public byte[] Json { get; } = json;
}
