using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;

namespace RpcLab.Seminar.Checks.RawSockets;

/// <summary>
/// One TCP connection from the checker to the student's server, on System.Net.Sockets: it writes whole frames,
/// single bytes or anything else, and reads frames back as a stream (a frame may arrive in pieces or several in one
/// read), refusing a reply length over <see cref="RawFrames.MaxReply"/> before allocating for it. Nagle is off on the
/// checker's side, so the latency measured is the server's. Every reply read counts a call and its bytes in the
/// <see cref="CheckContext"/>. One reader and one writer at a time; dispose to close.
/// </summary>
public sealed class RawConnection : IDisposable
{
    /// <summary>How long one reply may take: generous, for a first call that JIT-compiles the student's server.</summary>
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly CheckContext _context;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private long _sent;

    private RawConnection(Socket socket, CheckContext context)
    {
        _socket = socket;
        _context = context;
    }

    public static async Task<RawConnection> ConnectAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.Host, context.Port, cancellationToken).ConfigureAwait(false);
            return new RawConnection(socket, context);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new CheckFailedException(string.Create(CultureInfo.InvariantCulture, $"could not connect to your server at {context.Host}:{context.Port}: {e.Message}"));
        }
    }

    /// <summary>Writes <paramref name="bytes"/> in one send.</summary>
    public async Task SendAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        _sent += bytes.Length;
    }

    /// <summary>Writes <paramref name="bytes"/> one byte per send, a millisecond apart, so each leaves in a TCP segment of its own.</summary>
    public async Task SendBytewiseAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            await _socket.SendAsync(bytes.AsMemory(i, 1), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            _sent++;
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one request frame and reads one reply; <paramref name="what"/> names the call in a failure.</summary>
    public async Task<RawReply> CallAsync(string requestJson, string what, CancellationToken cancellationToken)
    {
        await SendAsync(RawFrames.Frame(requestJson), cancellationToken).ConfigureAwait(false);
        return await ReadReplyAsync(ReplyTimeout, what, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next message, or a <see cref="CheckFailedException"/> naming <paramref name="what"/> when the server closes or says nothing in time.</summary>
    public async Task<RawReply> ReadReplyAsync(TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var payload = await ReadFrameAsync(timeout, what, cancellationToken).ConfigureAwait(false)
            ?? throw new CheckFailedException($"{what}: your server closed the connection without a reply");
        return RawReply.Parse(payload);
    }

    /// <summary>
    /// The next frame's payload; null when the server closed the connection between frames. A server that stops in the
    /// middle of a frame, or says nothing within <paramref name="timeout"/>, fails the check naming <paramref name="what"/>.
    /// </summary>
    public async Task<byte[]?> ReadFrameAsync(TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            if (!await FillAsync(4, limit.Token).ConfigureAwait(false))
            {
                return _end == _start ? null : throw new CheckFailedException($"{what}: your server closed the connection inside a length prefix");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start, 4));
            if (length > RawFrames.MaxReply)
            {
                throw new CheckFailedException(string.Create(CultureInfo.InvariantCulture, $"{what}: your server sent a length prefix of {length} bytes (hex {Convert.ToHexString(_buffer.AsSpan(_start, 4))}); a reply of this check is well under {RawFrames.MaxReply}: is the length big-endian and of the payload only?"));
            }

            _start += 4;
            var payload = new byte[length];
            var copied = 0;
            while (copied < length)
            {
                if (_start == _end && !await FillAsync(1, limit.Token).ConfigureAwait(false))
                {
                    throw new CheckFailedException(string.Create(CultureInfo.InvariantCulture, $"{what}: your server closed the connection after {copied} of the {length} bytes its prefix announced"));
                }

                var take = (int)Math.Min(length - copied, _end - _start);
                _buffer.AsSpan(_start, take).CopyTo(payload.AsSpan(copied));
                _start += take;
                copied += take;
            }

            _context.CountCall(_sent + 4 + length);
            _sent = 0;
            return payload;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CheckFailedException(string.Create(CultureInfo.InvariantCulture, $"{what}: no reply from your server within {timeout.TotalSeconds:0.#} s"));
        }
        catch (SocketException e)
        {
            throw new CheckFailedException($"{what}: the connection failed: {e.Message}");
        }
    }

    public void Dispose() => _socket.Dispose();

    // Ensures `count` unread bytes are buffered; false when the server closed first.
    private async Task<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        while (_end - _start < count)
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            _end += read;
        }

        return true;
    }
}
