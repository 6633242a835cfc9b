using RpcLab.Services.Errors;

namespace RpcLab.Transports.Raw.Protocol;

/// <summary>The wire names of <see cref="RawExceptionType"/> ("Invalid Arguments", ...) and their default statuses. Thread-safe (immutable).</summary>
public static class RawExceptionTypes
{
    private static readonly (RawExceptionType Type, string Name, RpcStatusCode Status)[] All =
    [
        (RawExceptionType.ExecutionException, "Execution Exception", RpcStatusCode.Unknown),
        (RawExceptionType.InvalidArguments, "Invalid Arguments", RpcStatusCode.InvalidArgument),
        (RawExceptionType.ServiceNotFound, "Service Not Found", RpcStatusCode.Unimplemented),
        (RawExceptionType.RpcNotFound, "RPC Not Found", RpcStatusCode.Unimplemented),
        (RawExceptionType.ClientNotRegistered, "Client Not Registered", RpcStatusCode.PermissionDenied),
        (RawExceptionType.NotAuthorized, "Not Authorized", RpcStatusCode.Unauthenticated),
        (RawExceptionType.MessageTooLarge, "Message Too Large", RpcStatusCode.ResourceExhausted),
        (RawExceptionType.ProtocolError, "Protocol Error", RpcStatusCode.Internal),
        (RawExceptionType.DeadlineExceeded, "Deadline Exceeded", RpcStatusCode.DeadlineExceeded),
        (RawExceptionType.Cancelled, "Cancelled", RpcStatusCode.Cancelled),
    ];

    /// <summary>"Invalid Arguments" for <see cref="RawExceptionType.InvalidArguments"/>.</summary>
    public static string Name(RawExceptionType type) => All[(int)type].Name;

    /// <summary>The status a peer reports when the message says none.</summary>
    public static RpcStatusCode DefaultStatus(RawExceptionType type) => All[(int)type].Status;

    /// <summary>The type of a wire name; an unknown name (a newer peer's) reads as an execution exception.</summary>
    public static RawExceptionType Parse(string name)
    {
        foreach (var entry in All)
        {
            if (string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Type;
            }
        }

        return RawExceptionType.ExecutionException;
    }
}
