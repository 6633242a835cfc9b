using RpcLab.Services.Errors;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.JsonRpc.Compliance;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace RpcLab.Transports.JsonRpc.Server;

/// <summary>
/// The server end of one connection: <see cref="LabJsonRpc"/> plus what dispatch needs beyond StreamJsonRpc's
/// binding. A null argument for a parameter the contract says is not nullable is -32602 (StreamJsonRpc binds
/// null to any reference type); a result stream is handed out through <see cref="ResultStreams"/>, which bounds
/// how many are open and ends those left open when the connection closes. Thread-safe.
/// </summary>
internal sealed class ServerJsonRpc : LabJsonRpc
{
    private readonly ResultStreams _streams;

    public ServerJsonRpc(SpecComplianceHandler handler, int maxOpenStreams)
        : base(handler)
    {
        _streams = new ResultStreams(maxOpenStreams);
        Disconnected += (_, _) => _streams.Close();
    }

    protected override ValueTask<JsonRpcMessage> DispatchRequestAsync(JsonRpcRequest request, TargetMethod targetMethod, CancellationToken cancellationToken)
    {
        // Checked before the dispatch, while the request's arguments are still there to ask for.
        var method = targetMethod.TargetMethodInfo;
        var itemType = method is null ? null : RpcMethod.AsyncItemType(method.ReturnType);
        if (Handler.MayHoldNullArgument(request) && ParametersOf(request.Method) is { } parameters && HasNullWhereNotAllowed(request, parameters))
        {
            // SendAsync says which parameter.
            return new(Error(request, JsonRpcErrorCode.InvalidParams, InvalidParams.Prefix, data: null));
        }

        if (itemType is null)
        {
            // No result stream to hand out: StreamJsonRpc's own dispatch, without a state machine of ours on every call.
            return base.DispatchRequestAsync(request, targetMethod, cancellationToken);
        }

        if (_streams.IsFull)
        {
            return new(Error(request, (JsonRpcErrorCode)JsonRpcErrorCodes.FromStatus(RpcStatusCode.ResourceExhausted), $"too many open streams on this connection (limit {_streams.Limit})", new ErrorData(RpcStatusCode.ResourceExhausted)));
        }

        return TrackStreamAsync(base.DispatchRequestAsync(request, targetMethod, cancellationToken), itemType);
    }

    /// <summary>A result stream, once the method has returned it, is handed out through <see cref="ResultStreams"/>.</summary>
    private async ValueTask<JsonRpcMessage> TrackStreamAsync(ValueTask<JsonRpcMessage> dispatch, Type itemType)
    {
        var response = await dispatch.ConfigureAwait(false);
        if (response is JsonRpcResult { Result: { } stream } result)
        {
            result.Result = _streams.Track(stream, itemType);
        }

        return response;
    }

    private static bool HasNullWhereNotAllowed(JsonRpcRequest request, IReadOnlyList<RpcParameter> parameters)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (!p.IsStream && !p.AllowsNull && !p.Type.IsValueType &&
                request.TryGetArgumentByNameOrIndex(p.Name, i, typeof(NullProbe), out var probe) && probe is null)
            {
                return true;
            }
        }

        return false;
    }

    private JsonRpcError Error(JsonRpcRequest request, JsonRpcErrorCode code, string message, object? data)
    {
        var error = ((IJsonRpcMessageFactory)Handler.Formatter).CreateErrorMessage();
        error.RequestId = request.RequestId;
        error.Error = new JsonRpcError.ErrorDetail { Code = code, Message = message, Data = data };
        return error;
    }
}
