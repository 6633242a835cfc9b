using RpcLab.Transports.Grpc.Protocol;
using RpcLab.Transports.Grpc.Protos.Echo;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Grpc.Methods;

/// <summary>The methods of <c>rpclab.echo.Echo</c> (protos/rpclab/echo.proto).</summary>
public static class EchoMethods
{
    public const string Service = "rpclab.echo.Echo";

    public static readonly GrpcMethod<EchoRequest, EchoReply> Reverse = new(CallShape.Unary, Service, "Reverse", EchoRequest.Parser, EchoReply.Parser);

    public static readonly GrpcMethod<DelayRequest, EchoReply> Delay = new(CallShape.Unary, Service, "Delay", DelayRequest.Parser, EchoReply.Parser);

    public static readonly GrpcMethod<EchoRequest, EchoReply> Collect = new(CallShape.ClientStreaming, Service, "Collect", EchoRequest.Parser, EchoReply.Parser);

    public static readonly GrpcMethod<RepeatRequest, EchoReply> Repeat = new(CallShape.ServerStreaming, Service, "Repeat", RepeatRequest.Parser, EchoReply.Parser);

    public static readonly GrpcMethod<EchoRequest, EchoReply> Chat = new(CallShape.DuplexStreaming, Service, "Chat", EchoRequest.Parser, EchoReply.Parser);
}
