using Grpc.Core;
using Grpc.Core.Interceptors;
using RpcLab.Transports.Grpc.Errors;
using RpcLab.Transports.Invocation;
using GrpcException = Grpc.Core.RpcException;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// The server's one error mapping, for all four handler kinds: whatever a handler throws becomes the gRPC status a
/// client sees. Our RpcException keeps its status and detail; a cancellation is DEADLINE_EXCEEDED when the call's
/// deadline passed and CANCELLED when the client went away; anything else is mapped as
/// <see cref="RpcErrors.ToRpcException"/> maps it (Internal with the exception's type and message). Errors grpc-dotnet
/// raises itself (message size limits, bad frames) are already gRPC statuses and pass through. Thread-safe.
/// </summary>
internal sealed class ErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not GrpcException)
        {
            throw ToStatus(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not GrpcException)
        {
            throw ToStatus(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not GrpcException)
        {
            throw ToStatus(e, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not GrpcException)
        {
            throw ToStatus(e, context);
        }
    }

    private static GrpcException ToStatus(Exception exception, ServerCallContext context)
    {
        var cancelled = context.CancellationToken.IsCancellationRequested;
        if (cancelled && exception is OperationCanceledException or IOException)
        {
            // The call's token fired: its deadline passed, or the client reset the stream or closed its connection.
            return context.Deadline <= DateTime.UtcNow
                ? StatusMapping.ToGrpc(new(Services.Errors.RpcStatusCode.DeadlineExceeded, "the deadline passed before the call completed"))
                : StatusMapping.ToGrpc(new(Services.Errors.RpcStatusCode.Cancelled, "the client cancelled the call"));
        }

        return StatusMapping.ToGrpc(RpcErrors.ToRpcException(exception));
    }
}
