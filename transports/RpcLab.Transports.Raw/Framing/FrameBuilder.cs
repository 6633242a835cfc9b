using System.Buffers;
using RpcLab.Transports.Buffers;

namespace RpcLab.Transports.Raw.Framing;

/// <summary>
/// Builds one frame in a pooled buffer (<see cref="PooledBufferWriter"/>): the payload is written after room left for
/// the prefix, and <see cref="Seal"/> fills the prefix in, so the frame leaves in one send without a copy. Dispose
/// returns the buffer to the pool. Not thread-safe; one message at a time.
/// </summary>
public sealed class FrameBuilder : IBufferWriter<byte>, IDisposable
{
    private const int InitialSize = 512;
    private readonly PooledBufferWriter _buffer = new(InitialSize);

    public FrameBuilder() => Reset();

    /// <summary>The size of the buffer held.</summary>
    public int Capacity => _buffer.Capacity;

    /// <summary>The bytes of payload written so far.</summary>
    public int PayloadLength => _buffer.WrittenMemory.Length - FrameLayout.PrefixSize;

    public void Advance(int count) => _buffer.Advance(count);

    public Memory<byte> GetMemory(int sizeHint = 0) => _buffer.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => _buffer.GetSpan(sizeHint);

    /// <summary>Writes the prefix and returns the whole frame, valid until <see cref="Reset"/> or <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Seal()
    {
        FrameLayout.WritePrefix(_buffer.WrittenForUpdate, PayloadLength);
        return _buffer.WrittenMemory;
    }

    /// <summary>Starts over for another frame, keeping the buffer.</summary>
    public void Reset()
    {
        _buffer.Reset(retainedSize: int.MaxValue);
        _buffer.GetSpan(FrameLayout.PrefixSize);
        _buffer.Advance(FrameLayout.PrefixSize);
    }

    public void Dispose() => _buffer.Dispose();
}
