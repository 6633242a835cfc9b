using RpcLab.Services.Errors;

namespace RpcLab.Transports.Invocation;

/// <summary>How any exception becomes the status a peer sees. Shared by every transport's server and client.</summary>
public static class RpcErrors
{
    /// <summary>
    /// The status for an exception thrown by a handler or by the client's own plumbing.
    /// <paramref name="deadlineExpired"/> says the call's deadline fired, which turns a cancellation
    /// into DeadlineExceeded rather than Cancelled.
    /// </summary>
    public static RpcException ToRpcException(Exception exception, bool deadlineExpired = false) => exception switch
    {
        RpcException rpc => rpc,
        OperationCanceledException when deadlineExpired => new RpcException(RpcStatusCode.DeadlineExceeded, "the deadline passed before the call completed", exception),
        OperationCanceledException => new RpcException(RpcStatusCode.Cancelled, "the call was cancelled", exception),
        TimeoutException => new RpcException(RpcStatusCode.DeadlineExceeded, exception.Message, exception),
        NotImplementedException or NotSupportedException => new RpcException(RpcStatusCode.Unimplemented, exception.Message, exception),
        _ => new RpcException(RpcStatusCode.Internal, $"{exception.GetType().Name}: {exception.Message}", exception),
    };
}
