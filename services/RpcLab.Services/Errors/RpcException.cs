namespace RpcLab.Services.Errors;

/// <summary>
/// The one error type of RpcLab. Services throw it for every failure a caller should see
/// (validation, not found, limits); every transport carries <see cref="Status"/> and
/// <see cref="Detail"/> over its wire and throws the same exception on the client side,
/// so a caller sees the same error whatever the transport.
/// </summary>
public sealed class RpcException : Exception
{
    public RpcException(RpcStatusCode status, string detail)
        : base($"{status}: {detail}")
    {
        Status = status;
        Detail = detail;
    }

    public RpcException(RpcStatusCode status, string detail, Exception? inner)
        : base($"{status}: {detail}", inner)
    {
        Status = status;
        Detail = detail;
    }

    /// <summary>The status code, numbered as gRPC numbers it.</summary>
    public RpcStatusCode Status { get; }

    /// <summary>The human-readable reason, without the status name.</summary>
    public string Detail { get; }

    public static RpcException InvalidArgument(string detail) => new(RpcStatusCode.InvalidArgument, detail);

    public static RpcException NotFound(string detail) => new(RpcStatusCode.NotFound, detail);

    public static RpcException ResourceExhausted(string detail) => new(RpcStatusCode.ResourceExhausted, detail);

    public static RpcException Unimplemented(string detail) => new(RpcStatusCode.Unimplemented, detail);
}
