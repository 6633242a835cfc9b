using System.Buffers.Binary;
using System.Net.Sockets;

namespace Lab5.Server;

/// <summary>Frames on a byte stream: a 4-byte big-endian length, then that many bytes of UTF-8 JSON.</summary>
public static class Framing
{
    /// <summary>The largest payload this server accepts; a longer prefix is refused before anything is allocated.</summary>
    public const int MaxMessageSize = 4 * 1024 * 1024;

    /// <summary>Nagle off: a reply leaves at once instead of waiting for the ACK of the previous segment.</summary>
    /// <remarks>WRONG: leaves Nagle on.</remarks>
    public static void Configure(Socket socket)
    {
    }

    /// <summary>The next payload; null when the peer closed between frames. Throws <see cref="InvalidDataException"/> for a length over the limit.</summary>
    public static async Task<byte[]?> ReadFrameAsync(Socket socket, CancellationToken cancellationToken)
    {
        var prefix = new byte[4];
        if (!await ReadExactlyAsync(socket, prefix, cancellationToken))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (length > MaxMessageSize)
        {
            throw new InvalidDataException($"a message of {length} bytes is over the limit of {MaxMessageSize}");
        }

        var payload = new byte[length];
        return await ReadExactlyAsync(socket, payload, cancellationToken) ? payload : throw new EndOfStreamException("the peer closed inside a frame");
    }

    /// <summary>WRONG: writes the prefix and the payload in two sends, with Nagle on: the second waits for the ACK of the first.</summary>
    public static async Task WriteFrameAsync(Socket socket, byte[] payload, CancellationToken cancellationToken)
    {
        var prefix = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(prefix, (uint)payload.Length);
        await socket.SendAsync(prefix, SocketFlags.None, cancellationToken);
        await socket.SendAsync(payload, SocketFlags.None, cancellationToken);
    }

    // One recv is not one message: loop until the buffer is full; false when the peer closed before the first byte.
    private static async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                return read == 0 ? false : throw new EndOfStreamException("the peer closed inside a frame");
            }

            read += n;
        }

        return true;
    }
}
