using System.Buffers;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace RpcLab.Transports.Raw.Framing;

/// <summary>
/// Cuts the bytes of a socket into frames (<see cref="FrameLayout"/>). One receive usually brings a whole small
/// frame (often several), so a frame costs no more than the system call that brought it. The buffer comes from
/// <see cref="ArrayPool{T}"/>, grows for a large frame and shrinks back afterwards. A prefix over the limit is
/// refused before a byte of its payload is read or a buffer is sized for it. Waiting between frames has no time
/// limit here (a server's idle timeout is its own affair); once a frame has started, the whole frame must have come
/// within the stall timeout of its first byte. The deadline is the frame's, not each receive's: restarted on every
/// byte, a peer sending one byte a second would never be cut off. Not thread-safe: one read loop owns it.
/// </summary>
public sealed class FrameReader : IDisposable
{
    private const int SmallBufferSize = 16 * 1024;
    private readonly Socket _socket;
    private readonly int _maxPayload;
    private readonly TimeSpan _stallTimeout;
    private readonly CancellationTokenSource _stallTimer = new();
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(SmallBufferSize);
    private int _start;
    private int _end;

    // When the first byte of the frame being read arrived (Environment.TickCount64).
    private long _frameStarted;

    /// <param name="socket">The connected socket to read from.</param>
    /// <param name="maxPayload">The largest payload accepted.</param>
    /// <param name="stallTimeout">How long a frame may take from its first byte to its last; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    public FrameReader(Socket socket, int maxPayload, TimeSpan stallTimeout)
    {
        _socket = socket;
        _maxPayload = maxPayload;
        _stallTimeout = stallTimeout;
    }

    /// <summary>True when bytes of a next frame have already been received: <see cref="ReadAsync"/> may not need the network.</summary>
    public bool HasBufferedBytes => _end > _start;

    /// <summary>
    /// The next whole frame, prefix included (the payload starts at <see cref="FrameLayout.PrefixSize"/>), valid
    /// until the next call; null when the peer closed the connection between frames. Throws
    /// <see cref="FrameException"/> when the stream cannot go on, and the socket's own exceptions.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReadOnlyMemory<byte>?> ReadAsync()
    {
        ShrinkAfterLargeFrame();
        while (_end - _start < FrameLayout.PrefixSize)
        {
            if (!await FillAsync().ConfigureAwait(false))
            {
                return null;
            }
        }

        var declared = FrameLayout.ReadPrefix(_buffer.AsSpan(_start));
        if (declared > (uint)_maxPayload)
        {
            throw new FrameException(
                FrameError.TooLarge,
                string.Create(CultureInfo.InvariantCulture, $"a frame declares {declared} bytes, over the limit of {_maxPayload}"));
        }

        var total = FrameLayout.PrefixSize + (int)declared;
        if (_buffer.Length - _start < total)
        {
            MakeRoom(total);
        }

        while (_end - _start < total)
        {
            if (!await FillAsync().ConfigureAwait(false))
            {
                throw new FrameException(
                    FrameError.Truncated,
                    string.Create(CultureInfo.InvariantCulture, $"the connection closed {_end - _start} bytes into a frame of {total}"));
            }
        }

        var frame = _buffer.AsMemory(_start, total);
        _start += total;
        if (_start == _end)
        {
            // Nothing left over: the next receive starts at the front. The frame handed out stays intact, since
            // nothing is received until the caller asks for the next frame.
            _start = _end = 0;
        }
        else
        {
            // Bytes of the next frame are here already: its time runs from now.
            _frameStarted = Environment.TickCount64;
        }

        return frame;
    }

    public void Dispose()
    {
        _stallTimer.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    // Receives more bytes behind _end; false at the end of the stream.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FillAsync()
    {
        if (_end == _buffer.Length)
        {
            MakeRoom(_end - _start + 1);
        }

        var inFrame = _end > _start;
        if (!inFrame || _stallTimeout == Timeout.InfiniteTimeSpan)
        {
            var received = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None).ConfigureAwait(false);
            if (!inFrame)
            {
                _frameStarted = Environment.TickCount64;
            }

            return Received(received);
        }

        // What is left of the frame's time, not a fresh timeout per receive.
        var left = _stallTimeout - TimeSpan.FromMilliseconds(Environment.TickCount64 - _frameStarted);
        if (left <= TimeSpan.Zero)
        {
            throw Stalled();
        }

        _stallTimer.CancelAfter(left);
        try
        {
            var n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, _stallTimer.Token).ConfigureAwait(false);
            return Received(n);
        }
        catch (OperationCanceledException) when (_stallTimer.IsCancellationRequested)
        {
            throw Stalled();
        }
        finally
        {
            _stallTimer.TryReset();
        }
    }

    private FrameException Stalled() => new(
        FrameError.Stalled,
        string.Create(CultureInfo.InvariantCulture, $"a frame was not whole {_stallTimeout.TotalSeconds:0.#} s after its first byte ({_end - _start} bytes came)"));

    private bool Received(int count)
    {
        _end += count;
        return count > 0;
    }

    // Makes the buffer hold at least `needed` bytes from _start: moves the unread bytes to the front, in a larger
    // buffer when this one is too small.
    private void MakeRoom(int needed)
    {
        var unread = _end - _start;
        if (needed <= _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
        }
        else
        {
            var larger = ArrayPool<byte>.Shared.Rent(needed);
            Buffer.BlockCopy(_buffer, _start, larger, 0, unread);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        _start = 0;
        _end = unread;
    }

    // A large frame grew the buffer; once what is left fits a small one again, go back to it, so an idle
    // connection does not hold megabytes.
    private void ShrinkAfterLargeFrame()
    {
        var unread = _end - _start;
        if (_buffer.Length <= SmallBufferSize * 4 || unread > SmallBufferSize / 2)
        {
            return;
        }

        var small = ArrayPool<byte>.Shared.Rent(SmallBufferSize);
        Buffer.BlockCopy(_buffer, _start, small, 0, unread);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = small;
        _start = 0;
        _end = unread;
    }
}
