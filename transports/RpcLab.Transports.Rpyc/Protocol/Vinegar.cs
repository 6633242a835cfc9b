using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.Rpyc.Wire;

namespace RpcLab.Transports.Rpyc.Protocol;

/// <summary>
/// Exceptions as rpyc's vinegar sends them: <c>((module, class), args, ((attr, value), ...), traceback)</c>, or 1 for
/// StopIteration. Every class is a builtins one (<see cref="PyExceptionMap"/>), <c>rpclab_status</c> carries the
/// exact status, and the traceback names the call but never the server's stack, paths or .NET types: an unexpected
/// failure goes out as "RuntimeError: internal error" and only the server's log sees what it was. Thread-safe.
/// </summary>
internal static class Vinegar
{
    public static object? Dump(Exception exception, Action<RpcStatusCode, string>? log)
    {
        if (exception is StopIterationError)
        {
            return (long)RpycConsts.ExcStopIteration;
        }

        var (className, message, status) = Describe(exception);
        if (IsUnexpected(exception))
        {
            // Outside a call of a service (those log it themselves, see Logged): a failure of the protocol's own handlers.
            log?.Invoke(RpcStatusCode.Internal, $"a request failed unexpectedly: {LogText.Escape(exception.GetType().Name)}: {LogText.Escape(exception.Message)}");
        }

        var traceback = $"Traceback (most recent call last):\n  (RpcLab's server keeps its own stack to itself)\n{className}: {message}\n";
        return new object?[]
        {
            new object?[] { "builtins", className },
            new object?[] { message },
            new object?[]
            {
                new object?[] { PyExceptionMap.StatusAttribute, status.ToString() },
                new object?[] { "_remote_version", "<version denied>" },
            },
            traceback,
        };
    }

    /// <summary>The status a failure is logged with.</summary>
    public static RpcStatusCode StatusOf(Exception exception) => Describe(exception).Status;

    /// <summary>
    /// What the call log's detail says: the failure's message without the status name, and for an unexpected failure
    /// what the client reads ("internal error") with the hidden cause after it, escaped, as every transport logs it.
    /// </summary>
    public static string DetailOf(Exception exception) => IsUnexpected(exception)
        ? $"{RpcErrors.InternalError} ({LogText.Escape($"{exception.GetType().Name}: {exception.Message}", lineBreak: " | ")})"
        : Describe(exception).Message;

    /// <summary>
    /// A failure rpyc knows nothing of (a bug, a full disk): its type, message and stack are the server's own, so the
    /// client reads "RuntimeError: internal error".
    /// </summary>
    public static bool IsUnexpected(Exception exception) => exception is not (PyError or RpcException or RemoteError or StopIterationError or OperationCanceledException or BrineException);

    /// <summary>
    /// An unexpected failure whose cause the call log already has, as the same "internal error" for the client, so
    /// <see cref="Dump"/> does not log it a second time.
    /// </summary>
    public static RpcException Logged(Exception exception) => new(RpcStatusCode.Internal, RpcErrors.InternalError, exception);

    private static (string ClassName, string Message, RpcStatusCode Status) Describe(Exception exception) => exception switch
    {
        PyError py => (py.ClassName, py.Message, py.Status),
        RpcException rpc => (PyExceptionMap.ClassFor(rpc.Status), rpc.Detail, rpc.Status),
        RemoteError remote => (remote.Module == "builtins" ? remote.ClassName : "RuntimeError", remote.Text, remote.ToRpcException().Status),
        StopIterationError => ("StopIteration", string.Empty, RpcStatusCode.OK),
        OperationCanceledException => ("InterruptedError", "the call was cancelled", RpcStatusCode.Cancelled),
        BrineException brine => ("ValueError", brine.Message, RpcStatusCode.InvalidArgument),
        _ => ("RuntimeError", "internal error", RpcStatusCode.Internal),
    };
}
