using System.Collections.Concurrent;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace RpcLab.Transports.JsonRpc.Client;

/// <summary>
/// Responses a <see cref="JsonRpc"/> subclass holds back from <c>OnResponseReceived</c>, so that the argument streams
/// of their calls stay served after the response came. StreamJsonRpc releases a request's argument streams when its
/// response arrives, which breaks a bidirectional call (its response is the result stream's token, sent at once, while
/// the server still pulls the arguments). A subclass marks such a call with <see cref="Hold"/>, keeps a response back
/// when <see cref="TryKeep"/> says so, and passes it on to the base class from <see cref="Release"/> when the call is
/// over. Thread-safe.
/// </summary>
public sealed class HeldResponses
{
    // Request id -> the response held back (null until it has come).
    private readonly ConcurrentDictionary<RequestId, JsonRpcMessage?> _held = new();

    /// <summary>The call <paramref name="id"/>'s response is to be held back.</summary>
    public void Hold(RequestId id) => _held[id] = null;

    /// <summary>True when <paramref name="response"/> belongs to a held call: it is kept, and must not reach the base class now.</summary>
    public bool TryKeep(JsonRpcMessage response) =>
        response is IJsonRpcMessageWithId { RequestId: var id } && _held.TryUpdate(id, response, null);

    /// <summary>The call is over: its response, if it came, for the base class's <c>OnResponseReceived</c>; null otherwise.</summary>
    public JsonRpcMessage? Release(RequestId id) => _held.TryRemove(id, out var response) ? response : null;
}
