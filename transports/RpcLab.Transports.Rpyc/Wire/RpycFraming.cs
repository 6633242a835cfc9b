using System.Buffers.Binary;
using System.IO.Compression;

namespace RpcLab.Transports.Rpyc.Wire;

/// <summary>
/// rpyc's Channel (rpyc/core/channel.py): a 4-byte big-endian length of the payload as sent, a compressed flag byte,
/// the payload (zlib, level 1, when longer than 3,000 bytes), and one <c>\n</c> that rpyc adds so line-buffered layers
/// flush. The limit applies to the length on the wire and again to the inflated payload, so a small zlib bomb is
/// refused as surely as a large frame. Stateless and thread-safe.
/// </summary>
internal static class RpycFraming
{
    public const int HeaderSize = 5;

    /// <summary>The whole frame for <paramref name="payload"/>, compressed as rpyc compresses.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> payload)
    {
        var compressed = payload.Length > RpycConsts.CompressionThreshold;
        ReadOnlySpan<byte> body = payload;
        if (compressed)
        {
            using var buffer = new MemoryStream(payload.Length / 2 + 64);
            using (var zlib = new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                zlib.Write(payload);
            }

            body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        }

        var frame = new byte[HeaderSize + body.Length + 1];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)body.Length);
        frame[4] = compressed ? (byte)1 : (byte)0;
        body.CopyTo(frame.AsSpan(HeaderSize));
        frame[^1] = (byte)'\n';
        return frame;
    }

    /// <summary>
    /// The next frame's payload, inflated; null at a clean end of stream (between frames). <paramref name="rawFrame"/>
    /// receives the frame as it was on the wire, for a wire tap. A frame over <paramref name="maxSize"/> or not
    /// ending in <c>\n</c> is a <see cref="FrameException"/>; an end of stream inside a frame, an EndOfStreamException.
    /// </summary>
    public static async Task<byte[]?> ReadAsync(Stream stream, int maxSize, Action<ReadOnlyMemory<byte>>? rawFrame, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderSize];
        var first = await stream.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (first == 0)
        {
            return null;
        }

        if (first < HeaderSize)
        {
            throw new EndOfStreamException("the stream ended inside a frame header");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        var flag = header[4];
        if (length > (uint)maxSize)
        {
            throw new FrameException($"a frame of {length} bytes, over the limit of {maxSize}");
        }

        if (flag > 1)
        {
            throw new FrameException($"a frame whose compressed flag is {flag}, not 0 or 1");
        }

        var body = new byte[length + 1];
        await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        if (body[^1] != (byte)'\n')
        {
            throw new FrameException("a frame that does not end in \\n (the length is wrong, or this is not rpyc)");
        }

        if (rawFrame is not null)
        {
            var whole = new byte[HeaderSize + body.Length];
            header.CopyTo(whole, 0);
            body.CopyTo(whole, HeaderSize);
            rawFrame(whole);
        }

        return flag == 0 ? body[..^1] : Inflate(body.AsMemory(0, (int)length), maxSize);
    }

    /// <summary>A compressed frame's payload, inflated (at most <paramref name="maxSize"/> bytes); also the wire view's.</summary>
    /// <exception cref="FrameException">Not zlib data, or it inflates past the limit.</exception>
    public static byte[] Inflate(ReadOnlyMemory<byte> compressed, int maxSize)
    {
        try
        {
            using var input = new MemoryStream(compressed.ToArray(), writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = zlib.Read(chunk)) > 0)
            {
                if (output.Length + read > maxSize)
                {
                    throw new FrameException($"a compressed frame that inflates past the limit of {maxSize} bytes");
                }

                output.Write(chunk, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            throw new FrameException("a frame flagged compressed that is not zlib data");
        }
    }
}
