using RpcLab.Transports.JsonRpc.Compliance;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace RpcLab.Transports.JsonRpc.Client;

/// <summary>
/// The client end of a connection: <see cref="LabJsonRpc"/>, plus a way to keep a call's argument streams
/// served after its response has come. StreamJsonRpc releases the streams a request carried when its response
/// arrives, which suits client streaming (the server has read them by then) but not a bidirectional call,
/// whose response is the result stream's token: the server pulls its arguments while its results are pulled.
/// Such a call is made with <see cref="InvokeHoldingArgumentsAsync{T}"/> and the release is put off (the
/// <see cref="StreamJsonRpc.JsonRpc.OnResponseReceived"/> notification that triggers it is held back by
/// <see cref="HeldResponses"/>) until <see cref="ReleaseArguments"/>. Thread-safe.
/// </summary>
internal sealed class ClientJsonRpc(SpecComplianceHandler handler) : LabJsonRpc(handler)
{
    private readonly HeldResponses _held = new();

    public RequestId NextRequestId() => CreateNewRequestId();

    /// <summary>Makes a call with the given id; its argument streams outlive its response until <see cref="ReleaseArguments"/>.</summary>
    public Task<T> InvokeHoldingArgumentsAsync<T>(RequestId id, string method, IReadOnlyList<object?> arguments, CancellationToken cancellationToken)
    {
        _held.Hold(id);
        return InvokeCoreAsync<T>(id, method, arguments, cancellationToken);
    }

    /// <summary>The call is over: stop serving its argument streams.</summary>
    public void ReleaseArguments(RequestId id)
    {
        if (_held.Release(id) is { } response)
        {
            base.OnResponseReceived(response);
        }
    }

    protected override void OnResponseReceived(JsonRpcMessage response)
    {
        if (!_held.TryKeep(response))
        {
            base.OnResponseReceived(response);
        }
    }
}
