using System.Runtime.CompilerServices;
using MessagePack;
using NetMQ;
using NetMQ.Monitoring;
using NetMQ.Sockets;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.ZeroRpc.Channels;
using RpcLab.Transports.ZeroRpc.Wire;

namespace RpcLab.Transports.ZeroRpc.Client;

/// <summary>
/// A zerorpc client: one DEALER socket owned by one <see cref="SocketLoop"/> thread, one channel per call
/// (<see cref="ClientCall"/>), the typed services through <see cref="RpcProxy"/>. Callers serialize their
/// request and hand it over; the socket's thread sends it, routes the server's events by response_to, sends
/// heartbeats and grants, and fails calls when the server is lost (a dropped connection, seen through a socket
/// monitor, at once; silence, through heartbeats, after two intervals). The DEALER attaches only to a completed
/// connection, so a request never waits in ZeroMQ for a server that is not there: it waits here, and fails
/// Unavailable when the connection is refused or the connect timeout passes. Deadlines and cancellation end the
/// wait at once and tell the server with <c>_zpc_cancel</c>. Thread-safe: calls may be made concurrently.
/// </summary>
internal sealed class ZeroRpcClient : SocketEndpoint<DealerSocket>, IRpcClient, IRpcInvoker
{
    private readonly ClientOptions _options;
    private readonly ZeroRpcOptions _zeroRpc;
    private readonly NetMQMonitor? _monitor;
    private readonly MessageIds _ids = new();
    private readonly string _where;

    // This client with its retries, if any: what the typed services call through.
    private readonly IRpcInvoker _invoker;

    // Socket thread only.
    private readonly Dictionary<byte[], ClientCall> _calls = new(ByteKeyComparer.Instance);
    private readonly Queue<(ClientCall? Owner, byte[] Payload)> _pending = new();
    private bool _waitingToSend;
    private bool _closed;

    private ZeroRpcClient(ClientOptions options, ZeroRpcOptions zeroRpc)
        : base(() => new DealerSocket(), zeroRpc.HeartbeatInterval)
    {
        _options = options;
        _zeroRpc = zeroRpc;
        _where = $"{options.Host}:{options.Port}";
        _invoker = RetryingInvoker.Wrap(this, options);
        Services = RpcProxy.CreateServiceSet(_invoker, options.DefaultCall);
        try
        {
            Socket.Options.DelayAttachOnConnect = true;
            Socket.Options.MaxMsgSize = ReceiveLimit(options.MaxMessageSize);
            _monitor = new NetMQMonitor(Socket, $"inproc://rpclab-zerorpc-client-{Guid.NewGuid():N}", SocketEvents.Disconnected | SocketEvents.ConnectRetried);
            _monitor.Disconnected += (_, _) => Loop.Guard(() => FailCalls(sent: true, $"lost the connection to the zerorpc server at {_where}"));
            _monitor.ConnectRetried += (_, _) => Loop.Guard(() => FailCalls(sent: false, $"no zerorpc server at {_where} (connection refused)"));
            Loop.Attach(_monitor);
            var endpoint = Endpoint.Tcp(options.Host, options.Port, out var ipv6);
            Socket.Options.IPv4Only = !ipv6;
            Socket.Connect(endpoint);
            Start($"zerorpc client {_where}");
        }
        catch
        {
            ReleaseResources();
            throw;
        }
    }

    public string Transport => "zerorpc";

    public ServiceSet Services { get; }

    public int MaxMessageSize => _options.MaxMessageSize;

    public static ZeroRpcClient Connect(ClientOptions options, ZeroRpcOptions zeroRpc) => new(options, zeroRpc);

    public ServiceSet With(CallOptions options) => RpcProxy.CreateServiceSet(_invoker, options);

    public byte[] NextId() => _ids.Next();

    public async Task<object?> InvokeAsync(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream, CallOptions options, CancellationToken cancellationToken)
    {
        using var deadline = new CallDeadline(options.Timeout, cancellationToken);
        var call = new ClientCall(this, method, NextId(), _zeroRpc.InlineReplies);
        try
        {
            Start(call, args, requestStream, deadline.Token);
            var reply = await call.Replies.ReadAsync(deadline.Token).ConfigureAwait(false);
            call.Completed = true;
            return reply.Name switch
            {
                EventNames.Ok => ReadResult(method, reply),
                EventNames.Error => throw ReadError(reply),
                _ => throw new RpcException(RpcStatusCode.Internal, $"the server answered {method.FullName} with {reply.Name}, not OK or ERR"),
            };
        }
        catch (Exception e)
        {
            throw deadline.Translate(e);
        }
        finally
        {
            End(call, deadline);
        }
    }

    public async IAsyncEnumerable<object?> InvokeStreaming(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream, CallOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var deadline = new CallDeadline(options.Timeout, cancellationToken);
        var call = new ClientCall(this, method, NextId(), _zeroRpc.InlineReplies);
        try
        {
            var items = deadline.TranslateStream(() => ValueTask.FromResult(ReadStream(call, args, requestStream, deadline.Token).GetAsyncEnumerator(deadline.Token)));
            await foreach (var item in items.ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            End(call, deadline);
        }
    }

    /// <summary>Hands an event of the call's channel to the socket's thread (any thread); dropped once the channel has ended.</summary>
    public void SendOnChannel(ClientCall call, byte[] payload) => Loop.Post(() => Enqueue(call, payload));

    /// <summary>Fails the call with <paramref name="failure"/> and tells the server to stop it (the caller's request stream failed).</summary>
    public void Abandon(ClientCall call, RpcException failure) => Loop.Post(() =>
    {
        if (_calls.Remove(call.Id))
        {
            Enqueue(null, EventWriter.Cancel(NextId(), call.Id, nameof(RpcStatusCode.Cancelled)));
        }

        call.Replies.Fail(failure);
    });

    protected override void OnMessage(NetMQMessage message)
    {
        var frame = message.Last;
        var payload = new ReadOnlyMemory<byte>(frame.Buffer, 0, frame.MessageSize);
        _options.WireTap?.Invoke(WireDirection.Received, payload);
        Deliver(payload);
    }

    protected override void OnTimer() => CheckTimers();

    protected override void OnLoopError(Exception error) => System.Diagnostics.Trace.TraceError($"zerorpc client {_where}: {error}");

    protected override void OnStopping()
    {
        _closed = true;
        foreach (var call in _calls.Values.ToList())
        {
            Fail(call, new RpcException(RpcStatusCode.Cancelled, "the client was closed"));
        }
    }

    // The monitor leaves the poller while it still runs.
    protected override void BeforeLoopDisposed() => _monitor?.Dispose();

    private void Start(ClientCall call, object?[] args, IAsyncEnumerable<object?>? requestStream, CancellationToken token)
    {
        var types = call.Method.Parameters.Select(p => p.Type).ToArray();
        var payload = EventWriter.Request(call.Id, call.Method.FullName, types, args, call.Method.StreamsRequest);
        if (payload.Length > _options.MaxMessageSize)
        {
            throw RpcException.ResourceExhausted($"the request is {payload.Length} bytes, over the limit of {_options.MaxMessageSize}");
        }

        // A caller already on the socket's thread (it is continuing from an inline reply) sends at once.
        if (Loop.OnLoopThread)
        {
            Open(call, payload);
        }
        else if (!Loop.Post(() => Open(call, payload)))
        {
            throw new RpcException(RpcStatusCode.Unavailable, "the zerorpc client is closed");
        }

        if (requestStream is not null)
        {
            call.StartPump(requestStream, token);
        }
    }

    private async IAsyncEnumerable<object?> ReadStream(ClientCall call, object?[] args, IAsyncEnumerable<object?>? requestStream, [EnumeratorCancellation] CancellationToken token)
    {
        Start(call, args, requestStream, token);
        while (true)
        {
            var e = await call.Replies.ReadAsync(token).ConfigureAwait(false);
            switch (e.Name)
            {
                case EventNames.Stream:
                    yield return WireSerializer.ReadOrThrow(call.Method.ResultType!, e.Args, RpcStatusCode.Internal, $"a stream item of {call.Method.FullName}");
                    break;
                case EventNames.StreamDone:
                    call.Completed = true;
                    yield break;
                case EventNames.Error:
                    call.Completed = true;
                    throw ReadError(e);
                default:
                    throw new RpcException(RpcStatusCode.Internal, $"the server answered the stream {call.Method.FullName} with {e.Name}, not STREAM, STREAM_DONE or ERR");
            }
        }
    }

    // Any thread, once the caller is done with the call: an unfinished channel is cancelled on the wire.
    private void End(ClientCall call, CallDeadline deadline)
    {
        call.StopPump();
        if (call.Completed)
        {
            // The socket's thread took the channel out of its table when it routed the final event.
            return;
        }

        var reason = deadline.Expired ? nameof(RpcStatusCode.DeadlineExceeded) : nameof(RpcStatusCode.Cancelled);
        Loop.Post(() =>
        {
            if (_calls.Remove(call.Id) && call.Heartbeat is not null)
            {
                Enqueue(null, EventWriter.Cancel(NextId(), call.Id, reason));
            }
        });
    }

    private static object? ReadResult(RpcMethod method, ZeroRpcEvent reply)
    {
        var reader = new MessagePackReader(reply.Args);
        if (reader.NextMessagePackType != MessagePackType.Array || reader.ReadArrayHeader() is var count && count > 1)
        {
            throw new RpcException(RpcStatusCode.Internal, $"the OK of {method.FullName} should carry [result], got {WireTypes.DescribeValue(reply.Args)}");
        }

        if (count == 0 || method.ResultType is null)
        {
            return null;
        }

        var start = (int)reader.Consumed;
        return WireSerializer.ReadOrThrow(method.ResultType, reply.Args[start..], RpcStatusCode.Internal, $"the result of {method.FullName}");
    }

    private static RpcException ReadError(ZeroRpcEvent reply)
    {
        try
        {
            var reader = new MessagePackReader(reply.Args);
            var count = reader.ReadArrayHeader();
            var name = count >= 1 && reader.NextMessagePackType == MessagePackType.String ? reader.ReadString()! : "RemoteError";
            var message = count >= 2 && reader.NextMessagePackType == MessagePackType.String ? reader.ReadString()! : "";
            return ErrorNames.ToException(name, message);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException)
        {
            return new RpcException(RpcStatusCode.Unknown, $"the server sent an ERR whose args are not [name, message, traceback]: {WireTypes.DescribeValue(reply.Args)}");
        }
    }

    // Socket thread from here on.
    private void Open(ClientCall call, byte[] payload)
    {
        if (_closed)
        {
            call.Replies.Fail(new RpcException(RpcStatusCode.Unavailable, "the zerorpc client is closed"));
            return;
        }

        call.QueuedAtMs = Environment.TickCount64;
        _calls[call.Id] = call;
        Enqueue(call, payload);
    }

    private void Enqueue(ClientCall? owner, byte[] payload)
    {
        _pending.Enqueue((owner, payload));
        Flush();
    }

    private void Flush()
    {
        while (_pending.TryPeek(out var next))
        {
            // Events of a channel that has ended (or a request whose caller gave up while it waited) are not sent.
            if (next.Owner is { } owner && !_calls.ContainsKey(owner.Id))
            {
                _pending.Dequeue();
                continue;
            }

            var message = new NetMQMessage(2);
            message.AppendEmptyFrame();
            message.Append(next.Payload);
            if (!Socket.TrySendMultipartMessage(TimeSpan.Zero, message))
            {
                // No connection yet (or its queue is full): wait for the socket to take more.
                if (!_waitingToSend)
                {
                    _waitingToSend = true;
                    Socket.SendReady += OnSendReady;
                }

                return;
            }

            _pending.Dequeue();
            if (next.Owner is { Heartbeat: null } sent)
            {
                sent.Heartbeat = new HeartbeatClock(_zeroRpc.HeartbeatInterval, Environment.TickCount64);
            }

            _options.WireTap?.Invoke(WireDirection.Sent, next.Payload);
        }

        if (_waitingToSend)
        {
            _waitingToSend = false;
            Socket.SendReady -= OnSendReady;
        }
    }

    private void OnSendReady(object? sender, NetMQSocketEventArgs e) => Loop.Guard(Flush);

    private void Deliver(ReadOnlyMemory<byte> payload)
    {
        ZeroRpcEvent e;
        try
        {
            e = EventReader.Read(payload);
        }
        catch (MalformedEventException malformed)
        {
            // Only a channel's own id lets a broken event be pinned on a call; otherwise there is no one to tell.
            if (malformed.ResponseTo is { } id && _calls.TryGetValue(id, out var broken))
            {
                Fail(broken, new RpcException(RpcStatusCode.Internal, $"the server sent a malformed event: {malformed.Message}"));
            }

            return;
        }

        if (e.ResponseTo is null || !_calls.TryGetValue(e.ResponseTo, out var call))
        {
            return;
        }

        call.Heartbeat?.Seen(Environment.TickCount64);
        if (payload.Length > _options.MaxMessageSize)
        {
            Fail(call, RpcException.ResourceExhausted($"the server's {e.Name} is {payload.Length} bytes, over the client's limit of {_options.MaxMessageSize}"));
            return;
        }

        switch (e.Name)
        {
            case EventNames.Heartbeat:
                break;
            case EventNames.More:
                if (EventArgsReader.FirstInteger(e.Args) is { } slots)
                {
                    call.Credit.Grant(slots);
                }

                break;
            case EventNames.Ok or EventNames.Error or EventNames.Stream or EventNames.StreamDone:
                // Out of the table before the event is queued: with inline replies its caller runs inside TryAdd.
                if (EventNames.IsFinal(e.Name))
                {
                    _calls.Remove(call.Id);
                }

                if (!call.Replies.TryAdd(e))
                {
                    Fail(call, new RpcException(RpcStatusCode.Internal, $"the server sent more than {InboundEvents.QueueSize} events beyond the credit it was given"));
                }

                break;
        }
    }

    private void CheckTimers()
    {
        var now = Environment.TickCount64;
        foreach (var waiting in _calls.Values.Where(c => c.Heartbeat is null && now - c.QueuedAtMs > _zeroRpc.ConnectTimeout.TotalMilliseconds).ToList())
        {
            Fail(waiting, new RpcException(RpcStatusCode.Unavailable, $"could not reach a zerorpc server at {_where} within {_zeroRpc.ConnectTimeout.TotalSeconds:0.#} s"));
        }

        HeartbeatClock.CheckAll(
            _calls.Values,
            call => call.Heartbeat,
            call => Enqueue(call, EventWriter.Heartbeat(NextId(), call.Id)),
            call => Fail(call, new RpcException(RpcStatusCode.Unavailable, $"lost the zerorpc server at {_where}: no heartbeat for {HeartbeatClock.LostAfter(_zeroRpc.HeartbeatInterval)}")));
    }

    // Fails the calls whose request has left (the connection dropped) or is still waiting (no server to take it).
    private void FailCalls(bool sent, string detail)
    {
        foreach (var call in _calls.Values.Where(c => (c.Heartbeat is not null) == sent).ToList())
        {
            Fail(call, new RpcException(RpcStatusCode.Unavailable, detail));
        }
    }

    private void Fail(ClientCall call, RpcException failure)
    {
        _calls.Remove(call.Id);
        call.StopPump();
        call.Replies.Fail(failure);
    }
}
