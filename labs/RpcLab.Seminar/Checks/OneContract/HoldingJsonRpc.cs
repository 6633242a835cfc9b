using RpcLab.Transports.JsonRpc.Client;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace RpcLab.Seminar.Checks.OneContract;

/// <summary>
/// A stock StreamJsonRpc client that keeps a bidirectional call's argument stream served after its response (the
/// result stream's token, sent at once), through the JSON-RPC transport's <see cref="HeldResponses"/>, as RpcLab's own
/// client does. Thread-safe.
/// </summary>
internal sealed class HoldingJsonRpc(IJsonRpcMessageHandler handler) : JsonRpc(handler)
{
    private readonly HeldResponses _held = new();

    /// <summary>Makes a call whose argument streams outlive its response until <see cref="ReleaseArguments"/> with the id returned.</summary>
    public (RequestId Id, Task<T> Result) InvokeHoldingArguments<T>(string method, IReadOnlyList<object?> arguments, CancellationToken cancellationToken)
    {
        var id = CreateNewRequestId();
        _held.Hold(id);
        return (id, InvokeCoreAsync<T>(id, method, arguments, cancellationToken));
    }

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
