using System.Collections.Concurrent;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace RpcLab.Seminar.Checks.OneContract;

/// <summary>
/// A stock StreamJsonRpc client that can keep a call's argument streams served after its response. StreamJsonRpc
/// releases them when the response arrives, which breaks a bidirectional call (its response is the result stream's
/// token, sent at once, while the server still pulls the arguments); the response's notification is held back until
/// <see cref="ReleaseArguments"/>, as RpcLab's own JSON-RPC client does. Thread-safe.
/// </summary>
internal sealed class HoldingJsonRpc(IJsonRpcMessageHandler handler) : JsonRpc(handler)
{
    // Request id -> the response held back (null until it has come).
    private readonly ConcurrentDictionary<RequestId, JsonRpcMessage?> _held = new();

    /// <summary>Makes a call whose argument streams outlive its response until <see cref="ReleaseArguments"/> with the id returned.</summary>
    public (RequestId Id, Task<T> Result) InvokeHoldingArguments<T>(string method, IReadOnlyList<object?> arguments, CancellationToken cancellationToken)
    {
        var id = CreateNewRequestId();
        _held[id] = null;
        return (id, InvokeCoreAsync<T>(id, method, arguments, cancellationToken));
    }

    public void ReleaseArguments(RequestId id)
    {
        if (_held.TryRemove(id, out var response) && response is not null)
        {
            base.OnResponseReceived(response);
        }
    }

    protected override void OnResponseReceived(JsonRpcMessage response)
    {
        if (response is IJsonRpcMessageWithId { RequestId: var id } && _held.TryUpdate(id, response, null))
        {
            return;
        }

        base.OnResponseReceived(response);
    }
}
