namespace RpcLab.Transports.Raw.Protocol;

/// <summary>
/// A frame whose payload is not a message of the protocol: invalid JSON, an unknown header, a missing or
/// mistyped field. The frame boundary is intact, so the connection goes on; <see cref="Id"/> is the call it
/// concerns when the message got far enough to say.
/// </summary>
public sealed class ProtocolException(string message, long? id = null) : Exception(message)
{
    public long? Id { get; } = id;
}
