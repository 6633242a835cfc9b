using Google.Protobuf;
using RpcLab.Transports.Grpc.Protocol;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>A stream of request messages, one response message.</summary>
internal sealed class ClientStreamingServerMethod<TRequest, TResponse>(
    GrpcMethod<TRequest, TResponse> method,
    Func<IAsyncEnumerable<TRequest>, CancellationToken, Task<TResponse>> implementation) : ServerMethodHandler
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override string Path => method.FullName;

    public override CallShape Shape => CallShape.ClientStreaming;

    public override async Task HandleAsync(GrpcServerCall call)
    {
        var requests = call.ReadMessagesAsync(method.RequestParser);
        var response = await implementation(requests, call.CancellationToken).ConfigureAwait(false);
        await call.WriteMessageAsync(response, flush: false).ConfigureAwait(false);
    }
}
