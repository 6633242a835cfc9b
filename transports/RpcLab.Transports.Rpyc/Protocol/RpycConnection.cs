using System.Collections.Concurrent;
using System.Threading.Channels;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Rpyc.Objects;
using RpcLab.Transports.Rpyc.Wire;

namespace RpcLab.Transports.Rpyc.Protocol;

/// <summary>
/// One rpyc connection, either side: rpyc is symmetric, so the server sends requests too (it pulls a client's
/// iterator with <c>__next__</c>) and the client serves them. One reader task reads frames; a reply completes the
/// request waiting for its seq, a request is served (in order on the server: <see cref="ConnectionSettings.Sequential"/>),
/// and every request is answered with its seq. A malformed frame or message closes this connection only, with a log
/// line. Objects sent to the peer live in an <see cref="ObjectTable"/>; objects received are <see cref="RemoteRef"/>s.
/// Thread-safe: requests may be sent from any thread; frames are written under one lock.
/// </summary>
internal sealed class RpycConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly ConnectionSettings _settings;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<object?>> _pending = new();
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();
    private readonly Channel<RpycMessage> _queue = Channel.CreateUnbounded<RpycMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ObjectTable _objects;
    private ProtocolVersion? _version;
    private long _lastSeq = -1;
    private int _closeStarted;

    public RpycConnection(Stream stream, ConnectionSettings settings)
    {
        _stream = stream;
        _settings = settings;
        _version = settings.Version;
        _objects = new ObjectTable(settings.MaxReferences);
    }

    public string Peer => _settings.Peer;

    /// <summary>Set by the peer's RPCLAB_VALUES: results go as tuples (see <see cref="RpycConsts.HandleRpcLabValues"/>).</summary>
    public bool ResultsByValue { get; set; }

    /// <summary>Cancelled when the connection starts closing.</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>Completes when the connection has closed.</summary>
    public Task Closed => _closed.Task;

    public bool IsClosed => Volatile.Read(ref _closeStarted) != 0;

    /// <summary>What GETROOT answers.</summary>
    public LocalObject Root => _settings.Root;

    /// <summary>How many of our objects the peer holds.</summary>
    public int ReferencesHeld => _objects.Count;

    public void Start()
    {
        _ = Task.Run(ReadLoopAsync);
        if (_settings.Sequential)
        {
            _ = Task.Run(ServeQueueAsync);
        }
    }

    /// <summary>Sends a request and waits for its reply, unboxed; an EXCEPTION reply throws <see cref="RemoteError"/> or <see cref="StopIterationError"/>.</summary>
    public async Task<object?> RequestAsync(int handler, object?[] args, CancellationToken cancellationToken, Action<long>? onCancelled = null)
    {
        var seq = Interlocked.Increment(ref _lastSeq);
        var reply = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[seq] = reply;
        if (IsClosed)
        {
            _pending.TryRemove(seq, out _);
            throw Lost();
        }

        try
        {
            await SendAsync(new RpycMessage(RpycConsts.MsgRequest, seq, new object?[] { (long)handler, Box(args) }), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _pending.TryRemove(seq, out _);
            throw;
        }

        using (cancellationToken.Register(() =>
        {
            if (_pending.TryRemove(seq, out var abandoned))
            {
                abandoned.TrySetCanceled(cancellationToken);
                onCancelled?.Invoke(seq);
            }
        }))
        {
            return await reply.Task.ConfigureAwait(false);
        }
    }

    /// <summary>A request whose reply nobody waits for (DEL, RPCLAB_CANCEL), as rpyc sends DEL; failures are ignored.</summary>
    public void SendNoWait(int handler, object?[] args)
    {
        if (IsClosed)
        {
            return;
        }

        var seq = Interlocked.Increment(ref _lastSeq);
        _ = SendQuietlyAsync(new RpycMessage(RpycConsts.MsgRequest, seq, new object?[] { (long)handler, Box(args) }));
    }

    /// <summary>The peer's DEL of one of our objects.</summary>
    public void Release(object instance, long count)
    {
        if (instance is LocalObject local)
        {
            _objects.Release(_objects.IdOf(local), count);
        }
    }

    public void SendDel(RemoteRef remote) => SendNoWait(RpycConsts.HandleDel, [remote, 1L]);

    /// <summary>
    /// <paramref name="value"/> as rpyc boxes it: brine values by value, tuples holding objects as TUPLE, our
    /// objects as REMOTE_REF (counted in the table), the peer's own objects back as LOCAL_REF.
    /// </summary>
    public object?[] Box(object? value)
    {
        switch (value)
        {
            case RemoteRef remote when remote.Connection == this:
                return [(long)RpycConsts.LabelLocalRef, remote.Id.ToTuple()];
            case LocalObject local:
                return [(long)RpycConsts.LabelRemoteRef, _objects.Add(local).ToTuple()];
            case object?[] tuple when !Brine.IsDumpable(tuple):
                return [(long)RpycConsts.LabelTuple, tuple.Select(item => (object?)Box(item)).ToArray()];
            default:
                return Brine.IsDumpable(value)
                    ? [(long)RpycConsts.LabelValue, value]
                    : throw PyError.Type($"cannot send a {value!.GetType().Name} over rpyc");
        }
    }

    public object? Unbox(object? package)
    {
        if (package is not object?[] { Length: 2 } boxed || boxed[0] is not long label)
        {
            throw new BrineException("a boxed value that is not (label, value)");
        }

        return label switch
        {
            RpycConsts.LabelValue => boxed[1],
            RpycConsts.LabelTuple => boxed[1] is object?[] items ? items.Select(Unbox).ToArray() : throw new BrineException("a TUPLE label without a tuple"),
            RpycConsts.LabelLocalRef => _objects.Get(IdPack.Parse(boxed[1]).InstanceId),
            RpycConsts.LabelRemoteRef => new RemoteRef(this, IdPack.Parse(boxed[1])),
            _ => throw new BrineException($"an unknown boxing label {label}"),
        };
    }

    public ValueTask DisposeAsync() => CloseAsync(null);

    public async ValueTask CloseAsync(string? why)
    {
        if (Interlocked.Exchange(ref _closeStarted, 1) != 0)
        {
            await _closed.Task.ConfigureAwait(false);
            return;
        }

        if (why is not null)
        {
            _settings.ProtocolLog?.Invoke(RpcStatusCode.InvalidArgument, $"closed the connection: {LogText.Escape(why)}");
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        _queue.Writer.TryComplete();
        foreach (var seq in _pending.Keys)
        {
            if (_pending.TryRemove(seq, out var waiting))
            {
                waiting.TrySetException(Lost());
            }
        }

        foreach (var running in _running.Values)
        {
            CancelQuietly(running);
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _objects.Clear();
        _closed.TrySetResult();
    }

    private static RpcException Lost() => new(RpcStatusCode.Unavailable, "the rpyc connection is closed");

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (Exception e) when (e is ObjectDisposedException or AggregateException)
        {
            // Finished meanwhile, or a handler's own callback failed: the handler still sees its token cancelled.
        }
    }

    private async Task ReadLoopAsync()
    {
        string? why = null;
        try
        {
            var tap = _settings.WireTap is { } wireTap ? (Action<ReadOnlyMemory<byte>>)(frame => wireTap(WireDirection.Received, frame)) : null;
            while (true)
            {
                var payload = await RpycFraming.ReadAsync(_stream, _settings.MaxMessageSize, tap, _closing.Token).ConfigureAwait(false);
                if (payload is null)
                {
                    break;
                }

                var message = RpycMessage.Decode(payload, ref _version);
                if (message.Type == RpycConsts.MsgRequest)
                {
                    Accept(message);
                }
                else
                {
                    Complete(message);
                }
            }
        }
        catch (Exception e) when (e is FrameException or BrineException)
        {
            why = $"malformed: {e.Message}";
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer went away, or we are closing.
        }

        await CloseAsync(why).ConfigureAwait(false);
    }

    private void Accept(RpycMessage request)
    {
        if (request.Payload is object?[] { Length: 2 } parts && parts[0] is long handler && handler == RpycConsts.HandleRpcLabCancel)
        {
            // Answered at once, ahead of the queue: the request it cancels may be running, or waiting its turn.
            if (Unbox(parts[1]) is object?[] { Length: 1 } target && target[0] is long seq && _running.TryGetValue(seq, out var running))
            {
                CancelQuietly(running);
            }

            _ = SendQuietlyAsync(new RpycMessage(RpycConsts.MsgReply, request.Seq, Box(null)));
            return;
        }

        _running[request.Seq] = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        if (_settings.Sequential)
        {
            _queue.Writer.TryWrite(request);
        }
        else
        {
            _ = Task.Run(() => ServeAsync(request));
        }
    }

    private void Complete(RpycMessage reply)
    {
        if (!_pending.TryRemove(reply.Seq, out var waiting))
        {
            // A reply nobody waits for (a DEL's, a cancelled call's): any object in it is given back at once.
            if (reply.Type == RpycConsts.MsgReply)
            {
                RemoteRef.ReleaseAll(Unbox(reply.Payload));
            }

            return;
        }

        if (reply.Type == RpycConsts.MsgReply)
        {
            try
            {
                waiting.TrySetResult(Unbox(reply.Payload));
            }
            catch (PyError e)
            {
                waiting.TrySetException(e);
            }
        }
        else
        {
            waiting.TrySetException(RemoteError.Parse(reply.Payload) ?? throw new BrineException("an EXCEPTION that is not vinegar's tuple"));
        }
    }

    private async Task ServeQueueAsync()
    {
        await foreach (var request in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await ServeAsync(request).ConfigureAwait(false);
        }
    }

    private async Task ServeAsync(RpycMessage request)
    {
        var cancel = _running.GetValueOrDefault(request.Seq) ?? CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        var handler = -1L;
        RpycMessage answer;
        try
        {
            if (request.Payload is not object?[] { Length: 2 } parts || parts[0] is not long h)
            {
                throw PyError.Value("a request must be (handler, args)");
            }

            handler = h;
            if (Unbox(parts[1]) is not object?[] args)
            {
                throw PyError.Type("a request's args must be a tuple");
            }

            cancel.Token.ThrowIfCancellationRequested();
            var result = await RequestHandlers.HandleAsync(this, (int)handler, args, new RpycCall(this, cancel.Token)).ConfigureAwait(false);
            answer = new RpycMessage(RpycConsts.MsgReply, request.Seq, Box(result));
        }
        catch (Exception e)
        {
            answer = new RpycMessage(RpycConsts.MsgException, request.Seq, Vinegar.Dump(e, _settings.ProtocolLog));
        }
        finally
        {
            _running.TryRemove(request.Seq, out _);
            cancel.Dispose();
        }

        await SendQuietlyAsync(answer).ConfigureAwait(false);
        if (handler == RpycConsts.HandleClose)
        {
            await CloseAsync(null).ConfigureAwait(false);
        }
    }

    private async Task SendQuietlyAsync(RpycMessage message)
    {
        try
        {
            await SendAsync(message, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.Status == RpcStatusCode.ResourceExhausted && message.Type == RpycConsts.MsgReply)
        {
            // A reply over the limit: the peer still gets an answer to its seq, the error.
            await SendQuietlyAsync(new RpycMessage(RpycConsts.MsgException, message.Seq, Vinegar.Dump(e, null))).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RpcException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection is gone, or this one message could not go: the reader notices a dead connection.
        }
    }

    private async Task SendAsync(RpycMessage message, CancellationToken cancellationToken)
    {
        var payload = message.Encode(_version ?? ProtocolVersion.V5);
        if (payload.Length > _settings.MaxMessageSize)
        {
            throw new RpcException(RpcStatusCode.ResourceExhausted, $"the message is {payload.Length} bytes, over the limit of {_settings.MaxMessageSize}");
        }

        var frame = RpycFraming.Encode(payload);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsClosed)
            {
                throw Lost();
            }

            _settings.WireTap?.Invoke(WireDirection.Sent, frame);
            await _stream.WriteAsync(frame, CancellationToken.None).ConfigureAwait(false);
            await _stream.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw Lost();
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
