namespace RpcLab.Transports.ZeroRpc.Channels;

/// <summary>
/// The sending half of zeroRPC's flow control: how many more events the remote has room for. A server starts
/// with one (its first reply); a client has used its one on the request. Each OK, ERR, STREAM or STREAM_DONE
/// takes a slot; <c>_zpc_more [n]</c> adds n. Thread-safe: the sender waits on its own thread, the socket's
/// thread grants.
/// </summary>
internal sealed class OutboundCredit(int initial)
{
    // A peer granting absurd amounts gains nothing past this; it also keeps the semaphore far from overflowing.
    private const int MaxSlots = 1 << 20;

    private readonly SemaphoreSlim _slots = new(initial, int.MaxValue);

    public Task WaitAsync(CancellationToken cancellationToken) => _slots.WaitAsync(cancellationToken);

    public void Grant(int slots)
    {
        var room = MaxSlots - _slots.CurrentCount;
        if (slots > 0 && room > 0)
        {
            _slots.Release(Math.Min(slots, room));
        }
    }
}
