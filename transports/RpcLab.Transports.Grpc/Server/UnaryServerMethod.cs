using Google.Protobuf;
using RpcLab.Transports.Grpc.Protocol;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>One request message, one response message.</summary>
internal sealed class UnaryServerMethod<TRequest, TResponse>(
    GrpcMethod<TRequest, TResponse> method,
    Func<TRequest, CancellationToken, Task<TResponse>> implementation) : ServerMethodHandler
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override string Path => method.FullName;

    public override CallShape Shape => CallShape.Unary;

    public override async Task HandleAsync(GrpcServerCall call)
    {
        var request = await call.ReadSingleMessageAsync(method.RequestParser).ConfigureAwait(false);
        var response = await implementation(request, call.CancellationToken).ConfigureAwait(false);
        await call.WriteMessageAsync(response, flush: false).ConfigureAwait(false);
    }
}
