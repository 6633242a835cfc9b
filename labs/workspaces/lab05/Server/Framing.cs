using System.Net.Sockets;

namespace Lab5.Server;

/// <summary>Frames on a byte stream: a 4-byte big-endian length, then that many bytes of UTF-8 JSON.</summary>
public static class Framing
{
    /// <summary>The largest payload this server accepts; a longer prefix is refused before anything is allocated.</summary>
    public const int MaxMessageSize = 4 * 1024 * 1024;

    /// <summary>Socket options for an accepted connection.</summary>
    public static void Configure(Socket socket)
    {
        // TODO 3: Nagle's algorithm holds a small write back until the previous one is acknowledged, and the client
        // delays its ACK (about 40 ms). Turn it off here: socket.NoDelay = true.
    }

    /// <summary>The next payload; null when the peer closed between frames. Throws <see cref="InvalidDataException"/> for a length over the limit.</summary>
    public static Task<byte[]?> ReadFrameAsync(Socket socket, CancellationToken cancellationToken)
    {
        // TODO 1: read exactly 4 bytes (one ReceiveAsync may bring 1 byte, or 3 frames: loop until you have them;
        // 0 bytes read means the peer closed), decode them with BinaryPrimitives.ReadUInt32BigEndian, refuse a length
        // over MaxMessageSize with an InvalidDataException BEFORE allocating, then read exactly that many bytes.
        throw new NotImplementedException("TODO 1: Framing.ReadFrameAsync");
    }

    /// <summary>Writes one frame: the length and the payload.</summary>
    public static Task WriteFrameAsync(Socket socket, byte[] payload, CancellationToken cancellationToken)
    {
        // TODO 2: build one buffer of 4 + payload.Length bytes (BinaryPrimitives.WriteUInt32BigEndian, then the payload)
        // and send it in ONE write, looping until every byte is sent.
        throw new NotImplementedException("TODO 2: Framing.WriteFrameAsync");
    }
}
