using RpcLab.Transports.Raw.Types;

namespace RpcLab.Transports.Raw.Server;

/// <summary>
/// One procedure a server can run: <c>service.rpc</c> with one <see cref="Signature"/> (overloads are several
/// procedures of the same name). The server has already checked the request against the signature and read the
/// arguments; <see cref="RunAsync"/> runs it and sends its result through the call. Errors, deadlines and the
/// call log are the server's business, not the procedure's: it just throws. Implementations are thread-safe.
/// </summary>
public abstract class RawProcedure(string service, string rpc, Signature signature)
{
    public string Service { get; } = service;

    public string Rpc { get; } = rpc;

    public Signature Signature { get; } = signature;

    /// <summary><c>service1.rpc1(int, str) -> str</c>.</summary>
    public string Describe() => $"{Service}.{Signature.Describe(Rpc)}";

    /// <summary>
    /// Runs the procedure with <paramref name="args"/> (read as the signature's types; null at the request stream's
    /// position, whose items are <see cref="ServerCall.RequestItems"/>) and sends the result:
    /// <see cref="ServerCall.SendReturnsAsync(object?[])"/>, or <see cref="ServerCall.SendItemAsync"/> per item and
    /// <see cref="ServerCall.SendEndAsync"/>. <paramref name="cancellationToken"/> fires on the client's cancel,
    /// the request's deadline or the server's shutdown.
    /// </summary>
    public abstract Task RunAsync(ServerCall call, object?[] args, CancellationToken cancellationToken);
}
