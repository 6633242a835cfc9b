using RpcLab.Transports.Buffers;

namespace RpcLab.Seminar.Checks.UnreliableNetwork;

/// <summary>
/// A stream that passes everything to the one it wraps and counts the bytes read and written, for the summary line's
/// byte count (the checker's own calls, framing included). Thread-safe counting; otherwise as the wrapped stream.
/// </summary>
internal sealed class CountingStream(Stream inner) : PassThroughStream(inner)
{
    private long _bytes;

    /// <summary>Bytes read and written so far.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    protected override void OnRead(ReadOnlySpan<byte> bytes) => Interlocked.Add(ref _bytes, bytes.Length);

    protected override void OnWrite(ReadOnlySpan<byte> bytes) => Interlocked.Add(ref _bytes, bytes.Length);
}
