using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Lab3.Server;

/// <summary>
/// The one place where an exception becomes the status a client reads, for every method (all of them are unary).
/// JSON transcoding turns the same status into REST's HTTP status: NotFound 404, InvalidArgument 400, AlreadyExists 409,
/// Internal 500. Without this interceptor, grpc-dotnet answers every exception that is not an RpcException with
/// UNKNOWN "Exception was thrown by handler." (HTTP 500): the client cannot tell a missing user from a bug.
/// </summary>
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

    // The status for an exception a handler threw; null leaves it to grpc-dotnet (UNKNOWN).
    private RpcException? ToStatus(Exception exception, ServerCallContext context)
    {
        // TODO 5: one case per exception of Errors.cs, with the status the sheet's table gives, for example
        //     UserNotFoundException => new RpcException(new Status(StatusCode.NotFound, exception.Message)),
        // (an InvalidFieldException's message names its field: keep it). Anything else is a failure the client did not
        // cause and must not see the inside of: log it here, with its stack, and answer Internal with a short text of
        // your own, never the exception's type, message or stack.
        logger.LogError(exception, "{Method} failed", context.Method);
        return null;
    }
}
