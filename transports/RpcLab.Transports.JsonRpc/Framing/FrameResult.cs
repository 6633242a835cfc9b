namespace RpcLab.Transports.JsonRpc.Framing;

/// <summary>
/// The outcome of one <see cref="IFrameDecoder.Decode"/> call; <see cref="Error"/> explains Oversized and Invalid.
/// <see cref="Wanted"/>, for NeedMoreData, is how many bytes from the start of the buffer the frame takes when its
/// header already said so (0 when unknown): the reader then waits for all of them into one pooled buffer, rather than
/// gathering a large frame in many small ones.
/// </summary>
internal readonly record struct FrameResult(FrameStatus Status, string? Error = null, long Wanted = 0)
{
    public static FrameResult NeedMoreData => new(FrameStatus.NeedMoreData);

    /// <summary>More bytes are needed, <paramref name="wanted"/> in all from the start of the buffer.</summary>
    public static FrameResult NeedMore(long wanted) => new(FrameStatus.NeedMoreData, Wanted: wanted);

    public static FrameResult Message => new(FrameStatus.Message);
}
