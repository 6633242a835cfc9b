using RpcLab.Services.Errors;
using RpcLab.Transports.Rpyc.Protocol;

namespace RpcLab.Transports.Rpyc.Objects;

/// <summary>
/// A server stream, sent as a <c>builtins.generator</c>: <c>for x in conn.root.echo.repeat("hi", 3)</c> pulls it
/// with <c>__next__</c>, one request per item, and it ends with StopIteration. A generator rather than a list
/// iterator because it is one: the items are produced as they are asked for, and <c>close()</c> (or the peer's
/// last DEL) stops the handler. Cancelling a <c>__next__</c> (RPCLAB_CANCEL, a closed connection) cancels the
/// stream. <paramref name="ended"/> is told once how the stream ended. Thread-safe: one item at a time.
/// </summary>
internal sealed class PyGenerator(string name, Func<CancellationToken, IAsyncEnumerable<object?>> open, Func<object?, object?> toPython, Action<RpcStatusCode, string?> ended) : LocalObject
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private IAsyncEnumerator<object?>? _items;
    private int _ended;

    public override string TypeName => "builtins.generator";

    public override async ValueTask<object?> CallAttrAsync(string name, object?[] args, KeywordArgs kwargs, RpycCall call)
    {
        switch (name)
        {
            case "__next__":
            case "send" when args is [null]:
                return await NextAsync(call.CancellationToken).ConfigureAwait(false);
            case "__iter__":
                return this;
            case "close":
                End(RpcStatusCode.Cancelled, "the client closed the stream before its end");
                await StopAsync().ConfigureAwait(false);
                return null;
            default:
                return await base.CallAttrAsync(name, args, kwargs, call).ConfigureAwait(false);
        }
    }

    public override string Repr() => $"<generator object {name}>";

    public override void Released()
    {
        End(RpcStatusCode.Cancelled, "the client released the stream before its end");
        _ = StopAsync();
    }

    private async Task<object?> NextAsync(CancellationToken requestToken)
    {
        await _oneAtATime.WaitAsync(requestToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _ended) != 0)
            {
                throw new StopIterationError();
            }

            using var _ = requestToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _cancel);
            _items ??= open(_cancel.Token).GetAsyncEnumerator(_cancel.Token);
            if (await _items.MoveNextAsync().ConfigureAwait(false))
            {
                return toPython(_items.Current);
            }

            End(RpcStatusCode.OK, null);
            throw new StopIterationError();
        }
        catch (Exception e) when (e is not StopIterationError)
        {
            End(Vinegar.StatusOf(e), Vinegar.DetailOf(e));
            if (Vinegar.IsUnexpected(e))
            {
                throw Vinegar.Logged(e);
            }

            throw;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private void End(RpcStatusCode status, string? detail)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            ended(status, detail);
        }
    }

    private async Task StopAsync()
    {
        await _cancel.CancelAsync().ConfigureAwait(false);
        await _oneAtATime.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_items is not null)
            {
                await _items.DisposeAsync().ConfigureAwait(false);
                _items = null;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException)
        {
            // The handler stopped as asked.
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
