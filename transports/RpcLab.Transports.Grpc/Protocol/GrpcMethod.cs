using Google.Protobuf;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Grpc.Protocol;

/// <summary>
/// One gRPC method: its path on the wire (<c>/rpclab.echo.Echo/Reverse</c>), its call shape and the parsers of
/// its request and response messages. The client and the server share the same descriptors, as generated
/// gRPC code does. Immutable and thread-safe.
/// </summary>
public sealed class GrpcMethod<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public GrpcMethod(CallShape shape, string serviceName, string name, MessageParser<TRequest> requestParser, MessageParser<TResponse> responseParser)
    {
        Shape = shape;
        ServiceName = serviceName;
        Name = name;
        FullName = $"/{serviceName}/{name}";
        RequestParser = requestParser;
        ResponseParser = responseParser;
    }

    public CallShape Shape { get; }

    /// <summary>The package-qualified service name, e.g. <c>rpclab.echo.Echo</c>.</summary>
    public string ServiceName { get; }

    /// <summary>The method name exactly as the .proto spells it (case matters on the wire).</summary>
    public string Name { get; }

    /// <summary>The HTTP/2 <c>:path</c>: <c>/{ServiceName}/{Name}</c>.</summary>
    public string FullName { get; }

    public MessageParser<TRequest> RequestParser { get; }

    public MessageParser<TResponse> ResponseParser { get; }

    public override string ToString() => FullName;
}
