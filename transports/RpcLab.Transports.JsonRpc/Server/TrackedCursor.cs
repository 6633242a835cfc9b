namespace RpcLab.Transports.JsonRpc.Server;

/// <summary>
/// One enumeration of a <see cref="TrackedStream{T}"/>. An async iterator cannot be disposed while it is moving,
/// so disposal (by StreamJsonRpc, or because the connection closed) during a pull cancels it and lets the pull
/// dispose it when it returns. Used by one consumer at a time (StreamJsonRpc serves one pull per token at a time);
/// <see cref="CloseAsync"/> may come from any thread.
/// </summary>
internal sealed class TrackedCursor<T> : IAsyncEnumerator<T>, IResultCursor
{
    private const int Idle = 0;
    private const int Moving = 1;
    private const int Ended = 2;

    private readonly CancellationTokenSource _cancellation;
    private readonly IAsyncEnumerator<T> _inner;
    private readonly ResultStreams _owner;
    private int _state;
    private int _endRequested;

    public TrackedCursor(IAsyncEnumerable<T> stream, ResultStreams owner, CancellationToken cancellationToken)
    {
        _owner = owner;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, owner.Closed);
        _inner = stream.GetAsyncEnumerator(_cancellation.Token);
        owner.Opened(this);
    }

    public T Current => _inner.Current;

    public async ValueTask<bool> MoveNextAsync()
    {
        if (Interlocked.CompareExchange(ref _state, Moving, Idle) != Idle)
        {
            return false;
        }

        try
        {
            return await _inner.MoveNextAsync().ConfigureAwait(false);
        }
        finally
        {
            // Full fences on both sides (here and in DisposeAsync/CloseAsync): either this sees the request to
            // end, or the one who asked sees this pull over and ends the producer itself.
            Interlocked.Exchange(ref _state, Idle);
            if (Volatile.Read(ref _endRequested) != 0)
            {
                await EndAsync().ConfigureAwait(false);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _endRequested, 1);
        return EndAsync();
    }

    public ValueTask CloseAsync()
    {
        Interlocked.Exchange(ref _endRequested, 1);
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Ended already.
        }

        return EndAsync();
    }

    /// <summary>Disposes the producer unless a pull is in progress (that pull ends it when it returns).</summary>
    private async ValueTask EndAsync()
    {
        if (Interlocked.CompareExchange(ref _state, Ended, Idle) != Idle)
        {
            return;
        }

        try
        {
            await _inner.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The consumer has gone; a failure while cleaning up has no one to report to.
        }
        finally
        {
            _cancellation.Dispose();
            _owner.Ended(this);
        }
    }
}
