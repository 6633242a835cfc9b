using Google.Protobuf;
using RpcLab.Transports.Grpc.Protocol;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>One request message, a stream of response messages, each sent as soon as it is produced.</summary>
internal sealed class ServerStreamingServerMethod<TRequest, TResponse>(
    GrpcMethod<TRequest, TResponse> method,
    Func<TRequest, CancellationToken, IAsyncEnumerable<TResponse>> implementation) : ServerMethodHandler
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override string Path => method.FullName;

    public override CallShape Shape => CallShape.ServerStreaming;

    public override async Task HandleAsync(GrpcServerCall call)
    {
        var request = await call.ReadSingleMessageAsync(method.RequestParser).ConfigureAwait(false);
        await foreach (var response in implementation(request, call.CancellationToken).WithCancellation(call.CancellationToken).ConfigureAwait(false))
        {
            await call.WriteMessageAsync(response, flush: true).ConfigureAwait(false);
        }
    }
}
