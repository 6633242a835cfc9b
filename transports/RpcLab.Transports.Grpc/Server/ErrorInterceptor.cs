using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Errors;
using RpcLab.Transports.Invocation;
using GrpcException = Grpc.Core.RpcException;
using RpcException = RpcLab.Services.Errors.RpcException;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// The server's one error mapping, for all four handler kinds: whatever a handler throws becomes the gRPC status a
/// client sees. Our RpcException keeps its status and detail; a cancellation is DEADLINE_EXCEEDED when the call's
/// deadline passed and CANCELLED when the client went away; a request message that is not valid protobuf (read from a
/// request stream) is INVALID_ARGUMENT; anything else is mapped as <see cref="RpcErrors.ForClient"/> maps it (Internal
/// "internal error": the exception's type, message and stack reach only the call log). Errors grpc-dotnet raises itself
/// (message size limits, bad frames) are already gRPC statuses and pass through; a unary or server-streaming request
/// that does not parse never reaches an interceptor (<see cref="MalformedRequestMiddleware"/>). Thread-safe.
/// </summary>
internal sealed class ErrorInterceptor : Interceptor
{
    /// <remarks>
    /// Not an async method: most unary handlers finish before they return, and a call that succeeded at once is passed
    /// on as it is, without a state machine and a second task per call.
    /// </remarks>
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Task<TResponse> handled;
        try
        {
            handled = continuation(request, context);
        }
        catch (Exception e) when (e is not GrpcException)
        {
            throw ToStatus(e, context);
        }

        return handled.IsCompletedSuccessfully ? handled : MapFailureAsync(handled, context);
    }

    private static async Task<TResponse> MapFailureAsync<TResponse>(Task<TResponse> handled, ServerCallContext context)
    {
        try
        {
            return await handled.ConfigureAwait(false);
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
        RpcException failure;
        if (cancelled && exception is OperationCanceledException or IOException)
        {
            // The call's token fired: its deadline passed, or the client reset the stream or closed its connection.
            failure = context.Deadline <= DateTime.UtcNow
                ? new(RpcStatusCode.DeadlineExceeded, "the deadline passed before the call completed")
                : new(RpcStatusCode.Cancelled, "the client cancelled the call");
        }
        else if (exception is InvalidProtocolBufferException)
        {
            failure = new(RpcStatusCode.InvalidArgument, MalformedRequestMiddleware.Detail, exception);
        }
        else
        {
            failure = RpcErrors.ForClient(exception);
        }

        // REST answers carry no grpc-status for the call log to read, and gRPC's does not say what an internal error was:
        // the call log finds the failure here.
        context.GetHttpContext().Items[CallLogMiddleware.FailureKey] = failure;
        return StatusMapping.ToGrpc(failure);
    }
}
