namespace RpcLab.Transports.JsonRpc.Framing;

/// <summary>The outcome of one <see cref="IFrameDecoder.Decode"/> call; <see cref="Error"/> explains Oversized and Invalid.</summary>
internal readonly record struct FrameResult(FrameStatus Status, string? Error = null)
{
    public static FrameResult NeedMoreData => new(FrameStatus.NeedMoreData);

    public static FrameResult Message => new(FrameStatus.Message);
}
