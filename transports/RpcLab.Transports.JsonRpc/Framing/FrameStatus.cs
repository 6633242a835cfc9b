namespace RpcLab.Transports.JsonRpc.Framing;

/// <summary>What a decoder found in the bytes received so far.</summary>
internal enum FrameStatus
{
    /// <summary>Not enough bytes yet for the next frame (the reader waits for more).</summary>
    NeedMoreData,

    /// <summary>One complete message.</summary>
    Message,

    /// <summary>A frame larger than the limit; it is discarded and the stream stays usable.</summary>
    Oversized,

    /// <summary>Bytes that are not a frame (a bad header); the stream cannot continue.</summary>
    Invalid,

    /// <summary>The peer closed the stream.</summary>
    EndOfStream,
}
