using RpcLab.Services.Errors;

namespace RpcLab.Transports.ZeroRpc.Wire;

/// <summary>
/// The status model on the ERR event: the name is the status's name (<c>NotFound</c>, <c>InvalidArgument</c>,
/// <c>DeadlineExceeded</c>, ...), the message is the detail. An unknown method is <c>NameError</c>, as
/// zerorpc-python names it, read back as Unimplemented. Any other name (a Python exception such as
/// <c>ValueError</c>) is Unknown, with the name kept in the detail. Stateless and thread-safe.
/// </summary>
internal static class ErrorNames
{
    public static string For(RpcStatusCode status) => status.ToString();

    /// <summary>The exception a client throws for <c>ERR [name, message, ...]</c>.</summary>
    public static RpcException ToException(string name, string message)
    {
        if (name == EventNames.NameError)
        {
            return new RpcException(RpcStatusCode.Unimplemented, message);
        }

        // Enum.TryParse also takes numbers ("5") and OK is no error: only a status's own name counts.
        return name.All(char.IsAsciiLetter) && Enum.TryParse<RpcStatusCode>(name, out var status) && status != RpcStatusCode.OK
            ? new RpcException(status, message)
            : new RpcException(RpcStatusCode.Unknown, $"{name}: {message}");
    }
}
