using System.Reflection;
using System.Text.Json;
using RpcLab.Services.Errors;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.JsonRpc.Compliance;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// StreamJsonRpc's <see cref="StreamJsonRpc.JsonRpc"/> with RpcLab's error model, the same on both ends of a connection (both
/// ends serve methods: the side that receives a stream pulls it from the side that sent it). An exception of a
/// method goes out as status s, code -32000 - s, <c>data: {"status": "..."}</c>; the errors StreamJsonRpc
/// builds inside dispatch (-32601, -32602, -32800) get the specification's words and a message that names the
/// parameter; nothing of .NET (stack traces, exception type names) reaches the wire. An error that comes back is
/// a <see cref="RemoteInvocationException"/> whose data is kept as JSON, for <see cref="JsonRpcErrors"/>.
/// Methods invoked here are cancelled when the connection closes. Thread-safe, as JsonRpc is.
/// </summary>
internal class LabJsonRpc : StreamJsonRpc.JsonRpc
{
    private readonly SpecComplianceHandler _handler;
    private readonly Dictionary<string, IReadOnlyList<RpcParameter>> _parameters = new(StringComparer.Ordinal);

    public LabJsonRpc(SpecComplianceHandler handler)
        : base(handler)
    {
        _handler = handler;
        CancelLocallyInvokedMethodsWhenConnectionIsClosed = true;
    }

    /// <summary>The connection's message handler.</summary>
    protected SpecComplianceHandler Handler => _handler;

    /// <summary>
    /// Serves <paramref name="method"/> of <paramref name="target"/> under <paramref name="name"/>, binding params by
    /// position or by name; <paramref name="parameters"/> (<see cref="RpcParameter.Of"/>) are what a -32602 explains.
    /// </summary>
    public void AddMethod(string name, MethodInfo method, object target, IReadOnlyList<RpcParameter> parameters)
    {
        AddLocalRpcMethod(method, target, new JsonRpcMethodAttribute(name));
        _parameters[name] = parameters;
    }

    /// <summary>The parameters of the method served under <paramref name="name"/>; null for a name not added here.</summary>
    protected IReadOnlyList<RpcParameter>? ParametersOf(string? name) => name is null ? null : _parameters.GetValueOrDefault(name);

    protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
    {
        if (exception is LocalRpcException local)
        {
            // StreamJsonRpc's own protocol errors, such as -32001 for an unknown enumerator token.
            return new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)local.ErrorCode, Message = local.Message, Data = local.ErrorData };
        }

        // An exception the service did not throw for its caller is "internal error": its type, message (a server path)
        // and stack stay here.
        var error = RpcErrors.ForClient(JsonRpcErrors.Unwrap(exception));
        return new JsonRpcError.ErrorDetail
        {
            Code = (JsonRpcErrorCode)JsonRpcErrorCodes.FromStatus(error.Status),
            Message = error.Detail,
            Data = new ErrorData(error.Status) { LogDetail = RpcErrors.LogDetail(error) },
        };
    }

    protected override ValueTask SendAsync(JsonRpcMessage message, CancellationToken cancellationToken)
    {
        if (message is JsonRpcError { Error: { Data: not ErrorData } error } reply)
        {
            // Built inside StreamJsonRpc's dispatch, with its own words and .NET details: say it as the specification does.
            switch (error.Code)
            {
                case JsonRpcErrorCode.MethodNotFound:
                    error.Message = WireReplies.MethodNotFound;
                    error.Data = null;
                    break;
                case JsonRpcErrorCode.InvalidParams:
                    // Sent before StreamJsonRpc releases the request's arguments (it dispatches and answers a
                    // mismatch before reading on), so they can still be asked for.
                    error.Message = _handler.Dispatching is { } request && request.RequestId.Equals(reply.RequestId)
                        ? InvalidParams.Explain(request, ParametersOf(request.Method))
                        : $"{InvalidParams.Prefix}the params do not fit the method";
                    error.Data = null;
                    break;
                case JsonRpcErrorCode.RequestCanceled:
                    error.Data = new ErrorData(RpcStatusCode.Cancelled);
                    break;
                default:
                    error.Data = error.Data is CommonErrorData or Exception ? null : error.Data;
                    break;
            }
        }

        return base.SendAsync(message, cancellationToken);
    }

    protected override Type? GetErrorDetailsDataType(JsonRpcError error) => typeof(JsonElement);

    protected override RemoteRpcException CreateExceptionFromRpcError(JsonRpcRequest request, JsonRpcError response)
    {
        var error = response.Error!;
        object? data;
        try
        {
            data = error.GetData(typeof(JsonElement));
        }
        catch (JsonException)
        {
            data = null;
        }

        // One exception type for every code (StreamJsonRpc would read our -32003 InvalidArgument as its serialization failure).
        return new RemoteInvocationException(error.Message, (int)error.Code, error.Data, data);
    }
}
