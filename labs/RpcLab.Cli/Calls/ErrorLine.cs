using RpcLab.Services.Errors;

namespace RpcLab.Cli.Calls;

/// <summary>
/// The line <c>rpclab call</c> prints for a failed call, on every transport: <c>error: Status: detail</c>. A server may
/// send no detail at all (grpc-dotnet's UNIMPLEMENTED for a method it does not have carries an empty grpc-message),
/// and "error: Unimplemented: " with nothing after the colon left students guessing: an empty detail is replaced by
/// what the status means for this call, or the colon is dropped. Stateless, thread-safe.
/// </summary>
public static class ErrorLine
{
    public static string Format(RpcStatusCode status, string? detail, string method)
    {
        if (!string.IsNullOrWhiteSpace(detail))
        {
            return $"error: {status}: {detail}";
        }

        return status == RpcStatusCode.Unimplemented
            ? $"error: {status}: the server has no method {method.TrimStart('/')}"
            : $"error: {status}";
    }
}
