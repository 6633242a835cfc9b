namespace RpcLab.Transports.Framing;

/// <summary>What a decoder or a <see cref="FramedStream"/> found.</summary>
public enum FrameStatus
{
    /// <summary>Not enough bytes yet for the next frame (never returned by <see cref="FramedStream.ReadAsync"/>).</summary>
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
