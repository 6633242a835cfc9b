using Google.Protobuf;
using RpcLab.Services.Errors;

namespace RpcLab.Transports.Grpc.Protocol;

/// <summary>Protobuf messages to and from frame payloads: the serializer half of the framing/serializer split. Thread-safe.</summary>
public static class GrpcMarshaller
{
    /// <summary>The whole frame (prefix + message), checked against the size limit before anything is written.</summary>
    /// <exception cref="RpcException">ResourceExhausted when the message exceeds <paramref name="maxMessageSize"/>.</exception>
    public static byte[] ToFrame(IMessage message, int maxMessageSize)
    {
        var size = message.CalculateSize();
        if (size > maxMessageSize)
        {
            throw new RpcException(RpcStatusCode.ResourceExhausted, $"sending message larger than max ({size} vs. {maxMessageSize})");
        }

        var frame = new byte[GrpcFrameCodec.HeaderSize + size];
        GrpcFrameCodec.WriteHeader(frame, size);
        message.WriteTo(frame.AsSpan(GrpcFrameCodec.HeaderSize));
        return frame;
    }

    /// <exception cref="RpcException">Internal when the bytes are not a valid message of this type.</exception>
    public static T Parse<T>(MessageParser<T> parser, byte[] payload)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RpcException(RpcStatusCode.Internal, $"failed to deserialize {typeof(T).Name}: {e.Message}", e);
        }
    }
}
