namespace RpcLab.Transports.Raw.Framing;

/// <summary>Why a byte stream stopped making frames (see <see cref="FrameException"/>).</summary>
public enum FrameError
{
    /// <summary>The prefix declares more bytes than the reader's limit; refused from the prefix alone, nothing allocated.</summary>
    TooLarge,

    /// <summary>The connection ended between the first and the last byte of a frame.</summary>
    Truncated,

    /// <summary>A frame was started and its remaining bytes did not come (or could not be sent) within the stall timeout.</summary>
    Stalled,
}
