using RpcLab.Transports.Rpyc.Objects;
using RpcLab.Transports.Rpyc.Protocol;

namespace RpcLab.Transports.Rpyc.Client;

/// <summary>
/// A call's request stream, lent to the server as a <c>builtins.generator</c>: rpyc is symmetric, so the server pulls
/// it with CALLATTR <c>__next__</c> (StopIteration at its end), exactly as it pulls a Python caller's list or
/// generator. Items go by value. The caller's enumerator runs under the call's token and is disposed when the call
/// ends (<see cref="DisposeAsync"/>); after that the server gets StopIteration. Thread-safe: one item at a time.
/// </summary>
internal sealed class ClientStream(IAsyncEnumerable<object?> items, CancellationToken callToken) : LocalObject, IAsyncDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly IAsyncEnumerator<object?> _items = items.GetAsyncEnumerator(callToken);
    private bool _done;

    public override string TypeName => "builtins.generator";

    public override async ValueTask<object?> CallAttrAsync(string name, object?[] args, KeywordArgs kwargs, RpycCall call)
    {
        switch (name)
        {
            case "__iter__":
                return this;
            case "__next__":
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken, callToken))
                {
                    await _oneAtATime.WaitAsync(linked.Token).ConfigureAwait(false);
                    try
                    {
                        if (_done || !await _items.MoveNextAsync().ConfigureAwait(false))
                        {
                            _done = true;
                            throw new StopIterationError();
                        }

                        return PyValues.ToPython(_items.Current, byValue: true);
                    }
                    finally
                    {
                        _oneAtATime.Release();
                    }
                }

            default:
                return await base.CallAttrAsync(name, args, kwargs, call).ConfigureAwait(false);
        }
    }

    public override string Repr() => "<generator object rpclab request stream>";

    public async ValueTask DisposeAsync()
    {
        await _oneAtATime.WaitAsync().ConfigureAwait(false);
        try
        {
            _done = true;
            await _items.DisposeAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The caller's stream stopped as its call did.
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
