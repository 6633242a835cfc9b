using System.Buffers;
using System.IO.Pipelines;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Framing;

/// <summary>
/// Whole messages over a byte stream: reads frames with an <see cref="IMessageFramer"/> through a
/// <see cref="PipeReader"/>, and writes each frame with one write under a lock, so concurrent senders
/// never interleave. Knows nothing of what the payload means.
/// Thread-safety: <see cref="ReadAsync"/> must be called by one reader at a time; <see cref="WriteAsync"/>
/// may be called concurrently.
/// </summary>
public sealed class FramedStream : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly IMessageFramer _framer;
    private readonly IFrameDecoder _decoder;
    private readonly Action<WireDirection, ReadOnlyMemory<byte>>? _tap;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _reading;
    private int _disposed;

    /// <param name="stream">The connection; disposed with this object.</param>
    /// <param name="framer">How frames look on the wire.</param>
    /// <param name="maxMessageSize">The largest payload accepted; larger frames are skipped and reported.</param>
    /// <param name="tap">Told the exact bytes of every frame sent and received (the lab's wire view); may be null.</param>
    public FramedStream(Stream stream, IMessageFramer framer, int maxMessageSize, Action<WireDirection, ReadOnlyMemory<byte>>? tap = null)
    {
        _stream = stream;
        _framer = framer;
        _decoder = framer.CreateDecoder(maxMessageSize);
        _tap = tap;
        MaxMessageSize = maxMessageSize;

        // The pipe's own buffering stays small; a frame's size is bounded by the decoder, not by the pipe.
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
    }

    public IMessageFramer Framer => _framer;

    public int MaxMessageSize { get; }

    /// <summary>The next frame, an oversized frame that was skipped, an invalid header, or the end of the stream.</summary>
    public async ValueTask<ReceivedFrame> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _reading, 1) != 0)
        {
            throw new InvalidOperationException("only one read at a time");
        }

        try
        {
            return await ReadCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (Volatile.Read(ref _disposed) != 0)
        {
            return new ReceivedFrame(FrameStatus.EndOfStream, null, null);
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
            if (Volatile.Read(ref _disposed) != 0)
            {
                CompleteReader();
            }
        }
    }

    private async ValueTask<ReceivedFrame> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            var start = buffer.Start;
            var result = _decoder.Decode(ref buffer, out var payload);
            if (result.Status == FrameStatus.Message)
            {
                var copy = payload.ToArray();
                _tap?.Invoke(WireDirection.Received, read.Buffer.Slice(start, buffer.Start).ToArray());
                _reader.AdvanceTo(buffer.Start);
                return new ReceivedFrame(FrameStatus.Message, copy, null);
            }

            // Everything left is examined: wait for more bytes rather than spinning on the same ones.
            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.Status is FrameStatus.Oversized or FrameStatus.Invalid)
            {
                return new ReceivedFrame(result.Status, null, result.Error);
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                return new ReceivedFrame(FrameStatus.EndOfStream, null, buffer.IsEmpty ? null : $"the stream ended inside a frame ({buffer.Length} bytes left over)");
            }
        }
    }

    /// <summary>Frames <paramref name="payload"/> and writes it in one piece. Throws IOException when the peer is gone.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        var frame = new ArrayBufferWriter<byte>(payload.Length + 32);
        _framer.WriteFrame(frame, payload.Span);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _tap?.Invoke(WireDirection.Sent, frame.WrittenMemory);
            await _stream.WriteAsync(frame.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
            await _stream.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Closes the stream; a pending <see cref="ReadAsync"/> returns EndOfStream.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _reader.CancelPendingRead();
        await _stream.DisposeAsync().ConfigureAwait(false);

        // A read in progress completes the reader itself when it returns; completing it under its
        // feet is not allowed.
        if (Volatile.Read(ref _reading) == 0)
        {
            CompleteReader();
        }
    }

    private void CompleteReader()
    {
        try
        {
            _reader.Complete();
        }
        catch (InvalidOperationException)
        {
            // Already completed by the other path.
        }
    }
}
