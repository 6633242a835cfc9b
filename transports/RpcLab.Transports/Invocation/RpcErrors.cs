using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Invocation;

/// <summary>How any exception becomes the status a peer sees. Shared by every transport's server and client.</summary>
public static class RpcErrors
{
    /// <summary>What a client reads for a failure the service did not throw for it (a bug, a full disk): nothing more.</summary>
    public const string InternalError = "internal error";

    /// <summary>
    /// The status for an exception thrown by a handler or by the client's own plumbing.
    /// <paramref name="deadlineExpired"/> says the call's deadline fired, which turns a cancellation
    /// into DeadlineExceeded rather than Cancelled. On a client an unexpected exception keeps its type and message (it
    /// is the caller's own); a server sends <see cref="ForClient"/> instead.
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

    /// <summary>
    /// What a server sends its client for a handler's exception: as <see cref="ToRpcException"/>, except that an exception
    /// the service did not throw for its caller is Internal <see cref="InternalError"/>, since its type name, message
    /// (a server path, a query) and stack are the server's own. <see cref="UnexpectedCause(RpcException)"/> gives them to the server's log.
    /// </summary>
    public static RpcException ForClient(Exception exception, bool deadlineExpired = false)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return IsUnexpected(exception) ? new RpcException(RpcStatusCode.Internal, InternalError, exception) : ToRpcException(exception, deadlineExpired);
    }

    /// <summary>
    /// For the server's log only: the type and message of the exception behind an Internal <see cref="InternalError"/>
    /// (escaped, on one line), or null for any other failure.
    /// </summary>
    public static string? UnexpectedCause(RpcException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return UnexpectedCause(failure.Status, failure.Detail, failure.InnerException);
    }

    /// <summary>As <see cref="UnexpectedCause(RpcException)"/>, for a transport's own failure type that keeps the status, detail and cause.</summary>
    public static string? UnexpectedCause(RpcStatusCode status, string detail, Exception? cause) =>
        status == RpcStatusCode.Internal && detail == InternalError && cause is not null && IsUnexpected(cause)
            ? LogText.Escape($"{cause.GetType().Name}: {cause.Message}", lineBreak: " | ")
            : null;

    /// <summary>The detail a server's log shows for <paramref name="failure"/>: what the client read, and the hidden cause after it.</summary>
    public static string LogDetail(RpcException failure) =>
        UnexpectedCause(failure) is { } cause ? $"{failure.Detail} ({cause})" : failure.Detail;

    private static bool IsUnexpected(Exception exception) =>
        exception is not (RpcException or OperationCanceledException or TimeoutException or NotImplementedException or NotSupportedException);
}
