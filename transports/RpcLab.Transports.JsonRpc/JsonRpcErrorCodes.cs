using RpcLab.Services.Errors;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// The error codes RpcLab puts in a JSON-RPC error object, and how a status travels.
/// <list type="bullet">
/// <item>The specification's own: -32700 parse error, -32600 invalid request, -32601 method not found,
/// -32602 invalid params, -32603 internal error.</item>
/// <item>An RpcLab status s (gRPC numbering, 2..16) is the code <c>-32000 - s</c> (-32002 Unknown ..
/// -32016 Unauthenticated; e.g. NotFound -32005, InvalidArgument -32003, ResourceExhausted -32008), inside
/// the range the specification reserves for implementation-defined server errors, with
/// <c>data: {"status": "NotFound"}</c>.</item>
/// <item>Cancelled is -32800, the code StreamJsonRpc and LSP use for a request cancelled by
/// <c>$/cancelRequest</c>, also with <c>data.status</c>.</item>
/// <item>-32001 is StreamJsonRpc's "no such marshaled object" (an unknown enumerator token).</item>
/// <item>StreamJsonRpc's own -32003 (ResponseSerializationFailure) and -32004 (InvocationErrorWithException)
/// share their numbers with InvalidArgument and DeadlineExceeded here; this server never sends them with
/// those meanings (see the README), and a stock StreamJsonRpc client reads -32003 as a serialization failure.</item>
/// </list>
/// Back on the client <c>data.status</c> wins when present; otherwise the code decides: -32601 Unimplemented,
/// -32602 InvalidArgument, -32700/-32600/-32603 Internal (the peer could not read what we sent), -32800
/// Cancelled, -32001 NotFound, -32000 - s the status s, anything else Unknown. Thread-safe (stateless).
/// </summary>
public static class JsonRpcErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;

    /// <summary>StreamJsonRpc's InvocationError: the method threw (sent by other peers; we send a status code).</summary>
    public const int InvocationError = -32000;

    /// <summary>StreamJsonRpc's NoMarshaledObjectFound: an <c>$/enumerator/next</c> for an unknown token.</summary>
    public const int NoSuchEnumerator = -32001;

    /// <summary>StreamJsonRpc's and LSP's RequestCanceled.</summary>
    public const int RequestCancelled = -32800;

    /// <summary>The code for status s is <c>StatusBase - s</c>.</summary>
    public const int StatusBase = -32000;

    /// <summary>The code that carries <paramref name="status"/>.</summary>
    public static int FromStatus(RpcStatusCode status) => status switch
    {
        RpcStatusCode.Cancelled => RequestCancelled,
        RpcStatusCode.OK => InternalError,
        _ => StatusBase - (int)status,
    };

    /// <summary>
    /// The status named by <c>data.status</c> (<c>"NotFound"</c>), exactly as written; null for anything else
    /// (unknown names, numbers, OK), so a foreign peer's data cannot turn an error into a success.
    /// </summary>
    internal static RpcStatusCode? ParseStatus(string? text) =>
        text is not null && text != nameof(RpcStatusCode.OK) && Enum.GetNames<RpcStatusCode>().Contains(text, StringComparer.Ordinal)
            ? Enum.Parse<RpcStatusCode>(text)
            : null;

    /// <summary>The status a caller sees for an error object with <paramref name="code"/> and no <c>data.status</c>.</summary>
    public static RpcStatusCode ToStatus(int code) =>
        code switch
        {
            MethodNotFound => RpcStatusCode.Unimplemented,
            InvalidParams => RpcStatusCode.InvalidArgument,
            ParseError or InvalidRequest or InternalError => RpcStatusCode.Internal,
            RequestCancelled => RpcStatusCode.Cancelled,
            NoSuchEnumerator => RpcStatusCode.NotFound,
            <= StatusBase - 2 and >= StatusBase - 16 => (RpcStatusCode)(StatusBase - code),
            _ => RpcStatusCode.Unknown,
        };
}
