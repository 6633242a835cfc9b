using RpcLab.Services.Errors;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Raw.Protocol;

/// <summary>
/// A call that ended in an exception message: its <see cref="Type"/> (the original project's vocabulary), the
/// <see cref="Status"/> the lab's clients turn it into, and the human-readable <see cref="Detail"/>. Thrown by
/// procedure tables and procedures on the server (and sent), and by the raw client when one arrives.
/// </summary>
public sealed class RawCallException : Exception
{
    public RawCallException(RawExceptionType type, string detail, RpcStatusCode? status = null, Exception? inner = null)
        : base($"{RawExceptionTypes.Name(type)}: {detail}", inner)
    {
        Type = type;
        Detail = detail;
        Status = status ?? RawExceptionTypes.DefaultStatus(type);
    }

    public RawExceptionType Type { get; }

    /// <summary>The type's wire name, "Invalid Arguments" and so on.</summary>
    public string TypeName => RawExceptionTypes.Name(Type);

    public RpcStatusCode Status { get; }

    public string Detail { get; }

    /// <summary>The lab's one error type, with this status and detail.</summary>
    public RpcException ToRpcException() => new(Status, Detail, this);

    /// <summary>
    /// What a failed call reports, for any exception: the one mapping of the server. A service's
    /// <see cref="RpcException"/> is an execution exception that keeps its status; a cancellation is a passed
    /// deadline when <paramref name="deadlinePassed"/>; everything else goes through the seam's
    /// <see cref="RpcErrors"/>.
    /// </summary>
    public static RawCallException From(Exception exception, bool deadlinePassed) => exception switch
    {
        RawCallException raw => raw,
        OperationCanceledException when deadlinePassed => new(RawExceptionType.DeadlineExceeded, "the deadline passed before the call completed", inner: exception),
        OperationCanceledException => new(RawExceptionType.Cancelled, "the call was cancelled", inner: exception),
        _ => Execution(RpcErrors.ForClient(exception), exception),
    };

    private static RawCallException Execution(RpcException rpc, Exception inner) =>
        new(RawExceptionType.ExecutionException, rpc.Detail, rpc.Status, inner);
}
