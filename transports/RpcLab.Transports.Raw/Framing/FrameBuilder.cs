using System.Buffers;

namespace RpcLab.Transports.Raw.Framing;

/// <summary>
/// Builds one frame in a pooled buffer: the payload is written after room left for the prefix, and
/// <see cref="Seal"/> fills the prefix in, so the frame leaves in one send without a copy. Dispose returns the
/// buffer to the pool. Not thread-safe; one message at a time.
/// </summary>
public sealed class FrameBuilder : IBufferWriter<byte>, IDisposable
{
    private const int InitialSize = 512;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _written = FrameLayout.PrefixSize;

    /// <summary>The size of the buffer held.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>The bytes of payload written so far.</summary>
    public int PayloadLength => _written - FrameLayout.PrefixSize;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _buffer.Length)
        {
            throw new InvalidOperationException("advanced past the end of the buffer");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Writes the prefix and returns the whole frame, valid until <see cref="Reset"/> or <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Seal()
    {
        FrameLayout.WritePrefix(_buffer, PayloadLength);
        return _buffer.AsMemory(0, _written);
    }

    /// <summary>Starts over for another frame, keeping the buffer.</summary>
    public void Reset() => _written = FrameLayout.PrefixSize;

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        Buffer.BlockCopy(_buffer, 0, larger, 0, _written);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
