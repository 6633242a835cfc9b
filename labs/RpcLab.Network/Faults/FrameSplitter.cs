using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace RpcLab.Network.Faults;

/// <summary>
/// Cuts one direction's byte stream into whole messages of a <see cref="MessageFraming"/>, whatever the reads: a
/// message split across reads waits for its rest, several in one read come out one by one. A message longer than
/// the limit (or a header block that never ends) is an error, so a client cannot make the proxy buffer without end.
/// Not thread-safe: one per direction of one connection, fed by its pump.
/// </summary>
public sealed class FrameSplitter
{
    /// <summary>The longest header block of <see cref="MessageFraming.ContentLength"/>.</summary>
    public const int MaxHeaderBytes = 8 * 1024;

    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    private readonly MessageFraming _framing;
    private readonly int _maxMessageBytes;
    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    /// <param name="framing">The framing; not <see cref="MessageFraming.None"/>.</param>
    /// <param name="maxMessageBytes">The longest message, framing included.</param>
    public FrameSplitter(MessageFraming framing, int maxMessageBytes)
    {
        if (framing == MessageFraming.None)
        {
            throw new ArgumentException("a splitter needs a framing", nameof(framing));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessageBytes);
        _framing = framing;
        _maxMessageBytes = maxMessageBytes;
    }

    /// <summary>Bytes read and not yet part of a whole message.</summary>
    public int Pending => _end - _start;

    /// <summary>
    /// Adds <paramref name="data"/> and returns every message it completed, each with its framing, in order.
    /// Throws <see cref="InvalidDataException"/> (saying why) when the stream cannot be a stream of such messages.
    /// </summary>
    public IReadOnlyList<byte[]> Add(ReadOnlySpan<byte> data)
    {
        Append(data);
        var messages = new List<byte[]>();
        while (NextLength() is { } length)
        {
            messages.Add(_buffer.AsSpan(_start, length).ToArray());
            _start += length;
        }

        if (_start == _end)
        {
            _start = _end = 0;
        }

        return messages;
    }

    // The length of the whole message at the front, or null until it is all here.
    private int? NextLength()
    {
        var pending = _buffer.AsSpan(_start, _end - _start);
        switch (_framing)
        {
            case MessageFraming.Raw:
                if (pending.Length < 4)
                {
                    return null;
                }

                var payload = BinaryPrimitives.ReadUInt32BigEndian(pending);
                if (payload > (uint)(_maxMessageBytes - 4))
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"a raw frame announces {payload} bytes, over the proxy's limit of {_maxMessageBytes}"));
                }

                return pending.Length >= 4 + (int)payload ? 4 + (int)payload : null;

            case MessageFraming.Newline:
                var newline = pending.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    return pending.Length >= _maxMessageBytes
                        ? throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"a line runs past the proxy's limit of {_maxMessageBytes} bytes"))
                        : null;
                }

                return newline + 1;

            default:
                var headerEnd = pending.IndexOf(HeaderEnd);
                if (headerEnd < 0)
                {
                    return pending.Length >= MaxHeaderBytes
                        ? throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"a header block runs past {MaxHeaderBytes} bytes without a blank line"))
                        : null;
                }

                var body = ContentLength(pending[..headerEnd]);
                var total = (long)headerEnd + HeaderEnd.Length + body;
                if (total > _maxMessageBytes)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"a message announces Content-Length {body}, over the proxy's limit of {_maxMessageBytes} bytes"));
                }

                return pending.Length >= total ? (int)total : null;
        }
    }

    private static long ContentLength(ReadOnlySpan<byte> headers)
    {
        foreach (var line in Encoding.ASCII.GetString(headers).Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                return long.TryParse(line.AsSpan(colon + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                    ? length
                    : throw new InvalidDataException("a Content-Length header is not a number");
            }
        }

        throw new InvalidDataException("a header block has no Content-Length");
    }

    /// <summary>Takes the bytes of an unfinished message (at the end of the stream, to pass them on as they are).</summary>
    public byte[] TakePending()
    {
        var pending = _buffer.AsSpan(_start, _end - _start).ToArray();
        _start = _end = 0;
        return pending;
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_end + data.Length > _buffer.Length)
        {
            var pending = _end - _start;
            var size = _buffer.Length;
            while (size < pending + data.Length)
            {
                size *= 2;
            }

            var grown = size == _buffer.Length ? _buffer : new byte[size];
            _buffer.AsSpan(_start, pending).CopyTo(grown);
            _buffer = grown;
            _start = 0;
            _end = pending;
        }

        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }
}
