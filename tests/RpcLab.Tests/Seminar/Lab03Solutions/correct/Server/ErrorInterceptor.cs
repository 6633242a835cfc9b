using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Lab3.Server;

/// <summary>Lab 3's interceptor, solved: each of the service's exceptions to its status; anything else Internal, logged here only.</summary>
public sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException && ToStatus(e, context) is { } status)
        {
            throw status;
        }
    }

    private RpcException? ToStatus(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case UserNotFoundException:
                return new RpcException(new Status(StatusCode.NotFound, exception.Message));
            case InvalidFieldException:
                return new RpcException(new Status(StatusCode.InvalidArgument, exception.Message));
            case DuplicateEmailException:
                return new RpcException(new Status(StatusCode.AlreadyExists, exception.Message));
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(context.Deadline <= DateTime.UtcNow ? StatusCode.DeadlineExceeded : StatusCode.Cancelled, "the call ended before the server finished"));
            default:
                logger.LogError(exception, "{Method} failed", context.Method);
                return new RpcException(new Status(StatusCode.Internal, "internal error"));
        }
    }
}
