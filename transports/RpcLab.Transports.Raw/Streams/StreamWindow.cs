namespace RpcLab.Transports.Raw.Streams;

/// <summary>
/// Flow control of streams, part of the protocol: the sender of a stream may have <see cref="Items"/> items
/// that the receiver has not consumed yet; each <c>more</c> message lets it send <c>count</c> more. The receiver
/// grants as its consumer takes items (every <see cref="GrantEvery"/>), so it never buffers more than
/// <see cref="Items"/> per stream, and its read loop never waits for a slow consumer: one stalled stream cannot
/// hold up the other calls on the connection.
/// </summary>
public static class StreamWindow
{
    /// <summary>Items a stream's sender may send before its first grant.</summary>
    public const int Items = 16;

    /// <summary>How many consumed items a receiver lets accumulate before it grants them back.</summary>
    public const int GrantEvery = Items / 2;
}
