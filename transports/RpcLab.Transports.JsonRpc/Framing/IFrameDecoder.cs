using System.Buffers;

namespace RpcLab.Transports.JsonRpc.Framing;

/// <summary>
/// Cuts frames out of the bytes received so far. Stateful (it remembers an oversized frame it is still
/// skipping), so one decoder serves exactly one stream; not thread-safe.
/// </summary>
internal interface IFrameDecoder
{
    /// <summary>
    /// Looks at the start of <paramref name="buffer"/> and advances it past whatever it consumed.
    /// <see cref="FrameStatus.Message"/> sets <paramref name="payload"/> (a slice of the original buffer);
    /// <see cref="FrameStatus.Oversized"/> means a frame over the limit is being skipped without being
    /// buffered; <see cref="FrameStatus.Invalid"/> means the stream cannot be resynchronised.
    /// </summary>
    FrameResult Decode(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload);
}
