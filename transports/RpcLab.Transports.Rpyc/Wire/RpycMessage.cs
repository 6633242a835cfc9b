namespace RpcLab.Transports.Rpyc.Wire;

/// <summary>One message: REQUEST, REPLY or EXCEPTION (<see cref="RpycConsts"/>), its seq, and its still-boxed payload.</summary>
internal readonly record struct RpycMessage(int Type, long Seq, object? Payload)
{
    /// <summary>
    /// The message in a payload. <paramref name="version"/> is the connection's layout, or null for the first message
    /// of a server's connection, which then tells it (0x12 = 5.x, 0x01-0x03 = 6.x); it is set on return.
    /// </summary>
    public static RpycMessage Decode(byte[] payload, ref ProtocolVersion? version)
    {
        if (payload.Length == 0)
        {
            throw new BrineException("an empty payload");
        }

        version ??= payload[0] switch
        {
            0x12 => ProtocolVersion.V5,
            >= 1 and <= 3 => ProtocolVersion.V6,
            _ => throw new BrineException($"a payload starting with 0x{payload[0]:x2}, neither rpyc 5.x (0x12) nor 6.x (0x01-0x03)"),
        };

        if (version == ProtocolVersion.V5)
        {
            return Brine.Load(payload) is object?[] { Length: 3 } m && m[0] is long type && m[1] is long seq
                ? Checked((int)type, seq, m[2])
                : throw new BrineException("a message that is not (msg_type, seq, payload)");
        }

        return Brine.Load(payload.AsSpan(1)) is object?[] { Length: 2 } t && t[0] is long seq6
            ? Checked(payload[0], seq6, t[1])
            : throw new BrineException("a 6.x message that is not a type byte and (seq, payload)");
    }

    public byte[] Encode(ProtocolVersion version)
    {
        if (version == ProtocolVersion.V5)
        {
            return Brine.Dump(new object?[] { (long)Type, Seq, Payload });
        }

        var body = Brine.Dump(new object?[] { Seq, Payload });
        var payload = new byte[body.Length + 1];
        payload[0] = (byte)Type;
        body.CopyTo(payload, 1);
        return payload;
    }

    private static RpycMessage Checked(int type, long seq, object? payload) =>
        type is RpycConsts.MsgRequest or RpycConsts.MsgReply or RpycConsts.MsgException
            ? new RpycMessage(type, seq, payload)
            : throw new BrineException($"an unknown message type {type}");
}
