using RpcLab.Services.Errors;

namespace RpcLab.Transports.Invocation;

/// <summary>
/// One call's cancellation: the caller's token linked with the deadline. <see cref="Token"/> fires for
/// either; <see cref="Translate"/> tells them apart so the caller sees DeadlineExceeded or Cancelled.
/// Used by clients (and by servers that receive a deadline on the wire). Dispose when the call ends.
/// </summary>
public sealed class CallDeadline : IDisposable
{
    private readonly CancellationTokenSource _source;

    public CallDeadline(TimeSpan? timeout, CancellationToken callerToken)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        if (timeout is { } t)
        {
            _source.CancelAfter(t < TimeSpan.Zero ? TimeSpan.Zero : t);
        }

        CallerToken = callerToken;
        Timeout = timeout;
    }

    public CancellationToken Token => _source.Token;

    public CancellationToken CallerToken { get; }

    public TimeSpan? Timeout { get; }

    /// <summary>True when the deadline, not the caller, cancelled the call.</summary>
    public bool Expired => _source.IsCancellationRequested && !CallerToken.IsCancellationRequested;

    /// <summary>The failure <see cref="Translate"/> last produced, or null while the call has not failed.</summary>
    public RpcException? Failure { get; private set; }

    /// <summary>The exception the caller should see for <paramref name="exception"/> (remembered as <see cref="Failure"/>).</summary>
    public RpcException Translate(Exception exception) => Failure = RpcErrors.ToRpcException(exception, Expired);

    /// <summary>
    /// The items of a result stream, opened by <paramref name="open"/>, with every failure (while opening
    /// or between items) translated as <see cref="Translate"/> does. Disposes the enumerator at the end.
    /// </summary>
    public async IAsyncEnumerable<object?> TranslateStream(Func<ValueTask<IAsyncEnumerator<object?>>> open)
    {
        IAsyncEnumerator<object?> items;
        try
        {
            items = await open().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw Translate(e);
        }

        await using (items.ConfigureAwait(false))
        {
            while (true)
            {
                // C# allows no yield inside a try with a catch, hence the item is carried out of it.
                object? item;
                try
                {
                    if (!await items.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    item = items.Current;
                }
                catch (Exception e)
                {
                    throw Translate(e);
                }

                yield return item;
            }
        }
    }

    public void Dispose() => _source.Dispose();
}
