using System.Buffers.Binary;
using RpcLab.Services.Errors;

namespace RpcLab.Transports.Grpc.Protocol;

/// <summary>
/// gRPC's length-prefixed message framing: 1 byte compressed flag, 4 bytes big-endian length, the message.
/// Framing only: it moves bytes and never sees a message type (<see cref="GrpcMarshaller"/> does that).
/// Stateless and thread-safe; a given stream must be read by one caller at a time.
/// </summary>
public static class GrpcFrameCodec
{
    public const int HeaderSize = 5;

    /// <summary>Writes the 5-byte prefix of an uncompressed message of <paramref name="length"/> bytes.</summary>
    public static void WriteHeader(Span<byte> destination, int length)
    {
        destination[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }

    /// <summary>
    /// Reads the next message's bytes, or null at a clean end of stream (no byte of a further frame).
    /// The size limit is checked on the prefix, before anything is buffered, so an oversized message costs
    /// no memory. A compressed message is refused: this implementation only speaks the identity encoding.
    /// </summary>
    /// <exception cref="RpcException">ResourceExhausted above <paramref name="maxMessageSize"/>; Internal for a
    /// truncated frame or a compressed flag.</exception>
    public static async ValueTask<byte[]?> ReadMessageAsync(Stream stream, int maxMessageSize, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderSize];
        var read = await stream.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }

        if (read < HeaderSize)
        {
            throw new RpcException(RpcStatusCode.Internal, $"incomplete message: the stream ended inside a frame header ({read} of {HeaderSize} bytes)");
        }

        switch (header[0])
        {
            case 0:
                break;
            case 1:
                throw new RpcException(RpcStatusCode.Internal, "received a compressed message, but this peer only supports the identity encoding (no grpc-encoding was agreed)");
            default:
                throw new RpcException(RpcStatusCode.Internal, $"invalid compressed flag {header[0]} in a message header");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > (uint)maxMessageSize)
        {
            throw new RpcException(RpcStatusCode.ResourceExhausted, $"received message larger than max ({length} vs. {maxMessageSize})");
        }

        if (length == 0)
        {
            return [];
        }

        var message = new byte[length];
        read = await stream.ReadAtLeastAsync(message, message.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < message.Length)
        {
            throw new RpcException(RpcStatusCode.Internal, $"incomplete message: the frame announced {length} bytes but the stream ended after {read}");
        }

        return message;
    }
}
