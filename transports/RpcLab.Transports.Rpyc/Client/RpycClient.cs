using System.Runtime.CompilerServices;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.Rpyc.Protocol;
using RpcLab.Transports.Rpyc.Wire;

namespace RpcLab.Transports.Rpyc.Client;

/// <summary>
/// An rpyc client of the contracts (<see cref="RpcProxy"/> stubs over this invoker): each call is CALLATTR
/// <c>(service, method, args)</c> on a service reference fetched once per connection; a server stream is pulled
/// with <c>__next__</c> until StopIteration; a request stream is lent to the server as a generator it pulls. One
/// connection, opened at the first call and again after it is lost. Against our server results come by value;
/// against a real rpyc server its lists and dicts are read through their references. Deadlines and cancellation end
/// the wait at once and, on our server, cancel the handler (RPCLAB_CANCEL). Thread-safe: calls may be made
/// concurrently (our server, like rpyc's ThreadedServer, serves one connection's calls in order).
/// </summary>
internal sealed class RpycClient(ClientOptions options, RpycOptions rpyc) : IRpcClient, IRpcInvoker
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ClientSession? _session;
    private bool _disposed;

    public string Transport => RpycTransport.TransportName;

    // Retries and request ids (ClientOptions.Retry) wrap this invoker once, as on every message-based transport.
    private IRpcInvoker Invoker => field ??= RetryingInvoker.Wrap(this, options);

    public ServiceSet Services => field ??= RpcProxy.CreateServiceSet(Invoker, options.DefaultCall);

    public ServiceSet With(CallOptions callOptions) => RpcProxy.CreateServiceSet(Invoker, callOptions);

    public async Task<object?> InvokeAsync(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream, CallOptions callOptions, CancellationToken cancellationToken)
    {
        using var deadline = new CallDeadline(callOptions.Timeout, cancellationToken);
        var stream = requestStream is null ? null : new ClientStream(requestStream, deadline.Token);
        try
        {
            var session = await SessionAsync(deadline.Token).ConfigureAwait(false);
            var reply = await session.CallAsync(method, args, stream, deadline.Token).ConfigureAwait(false);
            try
            {
                return method.ResultType is null
                    ? null
                    : await PyValues.ToClrAsync(reply, method.ResultType, "the result", deadline.Token).ConfigureAwait(false);
            }
            finally
            {
                RemoteRef.ReleaseAll(reply);
            }
        }
        catch (Exception e)
        {
            throw Translate(deadline, e);
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public IAsyncEnumerable<object?> InvokeStreaming(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream, CallOptions callOptions, CancellationToken cancellationToken) =>
        StreamAsync(method, args, requestStream, callOptions, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _connecting.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            if (_session is not null)
            {
                _session.Connection.SendNoWait(RpycConsts.HandleClose, []);
                await _session.Connection.DisposeAsync().ConfigureAwait(false);
                _session = null;
            }
        }
        finally
        {
            _connecting.Release();
        }
    }

    private static RpcException Translate(CallDeadline deadline, Exception exception) => exception switch
    {
        RemoteError remote => remote.ToRpcException(),
        PyError py => new RpcException(py.Status, py.Message, py),
        StopIterationError => new RpcException(RpcStatusCode.Internal, "the server ended an iteration where a result was due"),
        BrineException brine => new RpcException(RpcStatusCode.Internal, $"the server's reply is not rpyc: {brine.Message}", brine),
        _ => deadline.Translate(exception),
    };

    private async IAsyncEnumerable<object?> StreamAsync(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream, CallOptions callOptions, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var deadline = new CallDeadline(callOptions.Timeout, cancellationToken);
        var state = new StreamState(requestStream is null ? null : new ClientStream(requestStream, deadline.Token));
        try
        {
            while (true)
            {
                var (more, item) = await NextAsync(method, args, state, deadline).ConfigureAwait(false);
                if (!more)
                {
                    yield break;
                }

                yield return item;
            }
        }
        finally
        {
            // Released, the server's generator stops its handler; our request stream stops being pulled.
            RemoteRef.ReleaseAll(state.Iterator);
            RemoteRef.ReleaseAll(state.Result);
            if (state.Stream is not null)
            {
                await state.Stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<(bool More, object? Item)> NextAsync(RpcMethod method, object?[] args, StreamState state, CallDeadline deadline)
    {
        try
        {
            if (state.Session is null)
            {
                state.Session = await SessionAsync(deadline.Token).ConfigureAwait(false);
                state.Result = await state.Session.CallAsync(method, args, state.Stream, deadline.Token).ConfigureAwait(false);
                state.Iterator = state.Result is RemoteRef result
                    ? await state.Session.RequestAsync(RpycConsts.HandleCallAttr, [result, "__iter__", Array.Empty<object?>(), Array.Empty<object?>()], deadline.Token).ConfigureAwait(false)
                    : state.Result;
            }

            object? next;
            switch (state.Iterator)
            {
                case RemoteRef iterator:
                    try
                    {
                        next = await state.Session.RequestAsync(RpycConsts.HandleCallAttr, [iterator, "__next__", Array.Empty<object?>(), Array.Empty<object?>()], deadline.Token).ConfigureAwait(false);
                    }
                    catch (StopIterationError)
                    {
                        return (false, null);
                    }

                    break;
                case object?[] tuple:
                    if (state.Index >= tuple.Length)
                    {
                        return (false, null);
                    }

                    next = tuple[state.Index++];
                    break;
                default:
                    throw new RpcException(RpcStatusCode.Internal, $"{method.FullName} returned a {PyValues.TypeNameOf(state.Iterator)}, not an iterator");
            }

            try
            {
                return (true, await PyValues.ToClrAsync(next, method.ResultType!, "a stream item", deadline.Token).ConfigureAwait(false));
            }
            finally
            {
                RemoteRef.ReleaseAll(next);
            }
        }
        catch (Exception e)
        {
            throw Translate(deadline, e);
        }
    }

    private async Task<ClientSession> SessionAsync(CancellationToken cancellationToken)
    {
        if (_session is { Connection.IsClosed: false } open)
        {
            return open;
        }

        await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_session is { Connection.IsClosed: false } raced)
            {
                return raced;
            }

            _session = await ClientSession.OpenAsync(options, rpyc, cancellationToken).ConfigureAwait(false);
            return _session;
        }
        finally
        {
            _connecting.Release();
        }
    }
}
