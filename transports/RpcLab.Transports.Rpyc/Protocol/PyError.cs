using RpcLab.Services.Errors;

namespace RpcLab.Transports.Rpyc.Protocol;

/// <summary>
/// A failure to send to the peer as a Python exception of <c>builtins</c> (<see cref="ClassName"/>, built from
/// the message), and the status the call log records for it. The rpyc client rebuilds only builtins
/// exceptions as their real types, so every class here is one of them.
/// </summary>
internal sealed class PyError(string className, string message, RpcStatusCode status) : Exception(message)
{
    public string ClassName { get; } = className;

    public RpcStatusCode Status { get; } = status;

    public static PyError Type(string message) => new("TypeError", message, RpcStatusCode.InvalidArgument);

    public static PyError Value(string message) => new("ValueError", message, RpcStatusCode.InvalidArgument);

    public static PyError Attribute(string message) => new("AttributeError", message, RpcStatusCode.Unimplemented);

    public static PyError Key(string message) => new("KeyError", message, RpcStatusCode.NotFound);

    public static PyError Index(string message) => new("IndexError", message, RpcStatusCode.OutOfRange);

    public static PyError NotImplemented(string message) => new("NotImplementedError", message, RpcStatusCode.Unimplemented);

    public static PyError Overflow(string message) => new("OverflowError", message, RpcStatusCode.ResourceExhausted);
}
