namespace RpcLab.Transports.JsonRpc.Server;

/// <summary>
/// A service's result stream as handed to StreamJsonRpc: the same items, with each enumeration registered in
/// its connection's <see cref="ResultStreams"/> and cancelled when the connection closes. Immutable.
/// </summary>
internal sealed class TrackedStream<T>(IAsyncEnumerable<T> inner, ResultStreams owner) : IAsyncEnumerable<T>
{
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) => new TrackedCursor<T>(inner, owner, cancellationToken);
}
