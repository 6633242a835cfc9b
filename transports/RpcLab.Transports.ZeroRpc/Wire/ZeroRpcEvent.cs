namespace RpcLab.Transports.ZeroRpc.Wire;

/// <summary>
/// One event as read from the wire: <c>[header, name, args]</c>. The ids are kept as their raw msgpack
/// encoding, so a reply echoes <c>message_id</c> byte for byte (bin stays bin) and channels are keyed
/// by exactly what the peer sent. <see cref="Args"/> is the raw msgpack of the arguments, decoded later
/// by whoever knows their types. Immutable.
/// </summary>
internal sealed class ZeroRpcEvent(byte[] messageId, byte[]? responseTo, int version, bool requestStream, string name, ReadOnlyMemory<byte> args)
{
    /// <summary>The raw msgpack of the header's <c>message_id</c>.</summary>
    public byte[] MessageId { get; } = messageId;

    /// <summary>The raw msgpack of <c>response_to</c>, or null for the first event of a channel (a request).</summary>
    public byte[]? ResponseTo { get; } = responseTo;

    public int Version { get; } = version;

    /// <summary>The request header's <see cref="EventNames.RequestStreamKey"/> (RpcLab's extension).</summary>
    public bool RequestStream { get; } = requestStream;

    public string Name { get; } = name;

    public ReadOnlyMemory<byte> Args { get; } = args;

    public override string ToString() => $"{Name} ({Args.Length} bytes of args)";
}
