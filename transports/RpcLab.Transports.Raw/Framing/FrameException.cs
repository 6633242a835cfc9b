namespace RpcLab.Transports.Raw.Framing;

/// <summary>
/// The byte stream cannot go on: a frame over the limit (<see cref="FrameError.TooLarge"/>), a connection that
/// closed inside a frame (<see cref="FrameError.Truncated"/>), or a peer that stopped halfway through a frame for
/// longer than the stall timeout (<see cref="FrameError.Stalled"/>). In every case the connection is closed, since
/// the next frame boundary is unknown or unreachable.
/// </summary>
public sealed class FrameException(FrameError error, string message) : IOException(message)
{
    public FrameError Error { get; } = error;
}
