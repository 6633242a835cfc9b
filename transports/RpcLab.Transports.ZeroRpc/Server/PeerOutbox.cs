using RpcLab.Transports.ZeroRpc.Channels;

namespace RpcLab.Transports.ZeroRpc.Server;

/// <summary>
/// What the server holds for one peer (one ROUTER identity, one client connection): the byte budget its channels'
/// events count against, and the events ZeroMQ would not take yet because the peer's pipe was at its high-water mark
/// (the peer reads slower than the server writes, or not at all). ROUTER drops at the mark, or with ROUTER_MANDATORY
/// refuses; either way the events wait here, in order, and are offered again until ZeroMQ takes them, while the
/// producers wait on the budget instead of queueing more. Socket thread only, but for <see cref="Budget"/>.
/// </summary>
internal sealed class PeerOutbox(byte[] key, IReadOnlyList<byte[]> identity, ByteBudget budget)
{
    /// <summary>The peer's key in the server's tables (its identity frames joined).</summary>
    public byte[] Key { get; } = key;

    /// <summary>The routing frames events go back through.</summary>
    public IReadOnlyList<byte[]> Identity { get; } = identity;

    /// <summary>The bytes of this peer's events not yet taken by ZeroMQ (thread-safe: producers reserve, the socket's thread releases).</summary>
    public ByteBudget Budget { get; } = budget;

    /// <summary>Events waiting for room in the peer's pipe, oldest first, with the budget each holds bytes of.</summary>
    public Queue<(ServerCall? Call, byte[] Payload, ByteBudget? Held)> Backlog { get; } = new();

    /// <summary>When ZeroMQ last took an event from the backlog, or the backlog began (Environment.TickCount64).</summary>
    public long LastProgress { get; set; }
}
