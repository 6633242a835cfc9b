using System.Buffers.Binary;
using System.Net.Sockets;

namespace Lab5.Server;

/// <summary>Frames on a byte stream: a 4-byte big-endian length, then that many bytes of UTF-8 JSON.</summary>
public static class Framing
{
    /// <summary>The largest payload this server accepts; a longer prefix is refused before anything is allocated.</summary>
    public const int MaxMessageSize = 4 * 1024 * 1024;

    /// <summary>Nagle off: a reply leaves at once instead of waiting for the ACK of the previous segment.</summary>
    public static void Configure(Socket socket) => socket.NoDelay = true;

    /// <summary>WRONG: takes one recv as one message (a frame that arrives in pieces, or several in one recv, breaks it).</summary>
    public static async Task<byte[]?> ReadFrameAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        if (n == 0)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(0, n));
        if (length > MaxMessageSize)
        {
            throw new InvalidDataException($"a message of {length} bytes is over the limit of {MaxMessageSize}");
        }

        return buffer[4..n];
    }

    /// <summary>Writes the prefix and the payload in one send.</summary>
    public static async Task WriteFrameAsync(Socket socket, byte[] payload, CancellationToken cancellationToken)
    {
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)payload.Length);
        payload.CopyTo(frame, 4);
        var sent = 0;
        while (sent < frame.Length)
        {
            sent += await socket.SendAsync(frame.AsMemory(sent), SocketFlags.None, cancellationToken);
        }
    }
}
