using System.Buffers;

namespace RpcLab.Transports.Buffers;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> of bytes over one array rented from <see cref="ArrayPool{T}.Shared"/>: growing
/// rents a larger array and returns the smaller, and <see cref="Reset"/> hands a large array back to the pool, so a
/// connection that serializes a message of many megabytes neither allocates its buffer anew (as an
/// <see cref="ArrayBufferWriter{T}"/> that is replaced does, doubling its way up) nor keeps it for good.
/// Not thread-safe; one message at a time. Dispose returns the array.
/// </summary>
public sealed class PooledBufferWriter(int initialSize = 1024) : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    private int _written;

    /// <summary>The size of the array held.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>What was written, valid until the next write, <see cref="Reset"/> or <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    /// <inheritdoc cref="WrittenMemory"/>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>What was written, to fill in afterwards what room was left for (a length prefix); valid as <see cref="WrittenMemory"/>.</summary>
    public Span<byte> WrittenForUpdate => _buffer.AsSpan(0, _written);

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

    /// <summary>Starts over empty; an array larger than <paramref name="retainedSize"/> goes back to the pool for a small one.</summary>
    public PooledBufferWriter Reset(int retainedSize)
    {
        _written = 0;
        if (_buffer.Length > retainedSize)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
        }

        return this;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _written = 0;
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
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
