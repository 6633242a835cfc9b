namespace RpcLab.Transports.ZeroRpc.Wire;

/// <summary>
/// A payload that is not a zeroRPC event. <see cref="MessageId"/> (raw msgpack) is set when the header
/// was readable, so the sender can still be answered with an ERR; otherwise the message can only be dropped.
/// </summary>
internal sealed class MalformedEventException(string message, byte[]? messageId, byte[]? responseTo, Exception? inner = null)
    : Exception(message, inner)
{
    public byte[]? MessageId { get; } = messageId;

    public byte[]? ResponseTo { get; } = responseTo;
}
