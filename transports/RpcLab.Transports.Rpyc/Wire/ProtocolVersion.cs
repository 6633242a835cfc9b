namespace RpcLab.Transports.Rpyc.Wire;

/// <summary>Which rpyc message layout a connection speaks; a server learns it from the first byte of the first payload.</summary>
internal enum ProtocolVersion
{
    /// <summary>rpyc 5.x: the brine 3-tuple <c>(msg_type, seq, payload)</c>; its payload starts with 0x12.</summary>
    V5,

    /// <summary>rpyc 6.x: one raw message-type byte (1-3), then the brine 2-tuple <c>(seq, payload)</c>.</summary>
    V6,
}
