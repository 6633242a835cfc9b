using Google.Protobuf;
using RpcLab.Transports.Grpc.Protocol;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>A stream in and a stream out, interleaved as the implementation chooses.</summary>
internal sealed class DuplexStreamingServerMethod<TRequest, TResponse>(
    GrpcMethod<TRequest, TResponse> method,
    Func<IAsyncEnumerable<TRequest>, CancellationToken, IAsyncEnumerable<TResponse>> implementation) : ServerMethodHandler
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override string Path => method.FullName;

    public override CallShape Shape => CallShape.DuplexStreaming;

    public override async Task HandleAsync(GrpcServerCall call)
    {
        var requests = call.ReadMessagesAsync(method.RequestParser);
        await foreach (var response in implementation(requests, call.CancellationToken).WithCancellation(call.CancellationToken).ConfigureAwait(false))
        {
            await call.WriteMessageAsync(response, flush: true).ConfigureAwait(false);
        }
    }
}
