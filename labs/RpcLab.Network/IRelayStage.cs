namespace RpcLab.Network;

/// <summary>
/// What a <see cref="TcpRelay"/> does with each chunk of one direction between reading and writing it: the seam a
/// fault proxy plugs into (delay a chunk, drop it, reset the connection) without a relay of its own. The relay's
/// observers have already seen the chunk as it was read. A stage that forwards passes the chunk to
/// the forwarding callback (zero or more times, unchanged or not); the last stage writes to the socket.
/// Called on the direction's pump, one chunk at a time, so a stage that waits holds back that direction only.
/// A stage made for one connection (<see cref="TcpRelayOptions.ConnectionStages"/>) may keep the callback and call it
/// later from a task of its own, one call at a time, until the connection closes.
/// </summary>
public interface IRelayStage
{
    /// <summary>Handles one chunk (never an end-of-stream chunk: the relay half-closes by itself).</summary>
    /// <param name="chunk">The chunk as read.</param>
    /// <param name="forward">Sends bytes on towards the next stage and, after the last, the other socket.</param>
    /// <param name="cancellationToken">Fires when the connection closes.</param>
    ValueTask ProcessAsync(RelayChunk chunk, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> forward, CancellationToken cancellationToken);

    /// <summary>
    /// Called when the direction's stream ended, before the relay half-closes the other socket: a stage that holds
    /// bytes back (a delay) forwards them first, so the end does not overtake them. By default nothing is held.
    /// </summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
