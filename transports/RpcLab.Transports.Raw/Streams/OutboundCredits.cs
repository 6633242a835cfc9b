namespace RpcLab.Transports.Raw.Streams;

/// <summary>
/// The sending end's count of items it may still send on one stream (<see cref="StreamWindow"/>): it waits for
/// a credit before each item and the peer's <c>more</c> messages add credits. Thread-safe.
/// </summary>
public sealed class OutboundCredits
{
    private readonly SemaphoreSlim _credits = new(StreamWindow.Items);

    /// <summary>Waits until one more item may be sent, and takes that credit.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _credits.WaitAsync(cancellationToken);

    /// <summary>The peer consumed <paramref name="count"/> items: that many more may be sent.</summary>
    public void Grant(int count)
    {
        try
        {
            _credits.Release(count);
        }
        catch (SemaphoreFullException)
        {
            // A peer granting absurdly much is granting "no limit"; the count stays at its maximum.
        }
    }
}
