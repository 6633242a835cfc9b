using System.Buffers.Binary;
using System.Collections.Concurrent;
using NetMQ;
using NetMQ.Monitoring;
using NetMQ.Sockets;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.ZeroRpc.Channels;
using RpcLab.Transports.ZeroRpc.Wire;

namespace RpcLab.Transports.ZeroRpc.Server;

/// <summary>
/// A zerorpc server: one ROUTER socket owned by one <see cref="SocketLoop"/> thread, which reads every
/// message, routes channel events, sends every reply and heartbeat, and keeps the channel table; handlers run
/// on the thread pool (<see cref="ServerCall"/>) and hand their replies over. Anything a peer sends that is not
/// a well-formed event, or that goes over a limit, is answered with an ERR when it can be (its message_id was
/// readable) and dropped otherwise, with a line in the call log either way; no peer can stop it serving the
/// others.
/// <para>
/// Limits. Connections: NetMQ accepts by itself and has no hook before it does, so a socket monitor reports each
/// accepted connection (<see cref="SocketEvents.Accepted"/>) to the seam's <see cref="ConnectionLimiter"/>, and one
/// over a limit is shut down at once under ZeroMQ's feet (<see cref="AcceptedConnection"/>: ZeroMQ reads the end of the
/// stream and closes it as if the peer had hung up); <see cref="SocketEvents.Disconnected"/> frees its place. Memory: every event a handler produces is
/// counted against a byte budget for its channel and for its connection (<see cref="ByteBudget"/>,
/// <see cref="ServerOptions.MaxQueuedBytes"/>) until ZeroMQ takes it; ZeroMQ takes at most
/// <see cref="ZeroRpcOptions.SendHighWatermark"/> events per peer, and what it refuses waits in the peer's
/// <see cref="PeerOutbox"/>, so a client that grants credit and reads nothing pauses its handlers instead of filling
/// the server. A peer's events are dropped, and their bytes freed, when its connection goes, its channel ends
/// (cancel, lost heartbeats), or it has taken nothing for as long as a lost heartbeat takes.
/// </para>
/// Thread-safe.
/// </summary>
internal sealed class ZeroRpcServer : SocketEndpoint<RouterSocket>, IRpcServer
{
    // Requests whose args are at most this many bytes start inline (see HandleRequest).
    private const int InlineArgsLimit = 1024;

    // How often events waiting for room in a peer's pipe are offered again (ZeroMQ says nothing when room appears).
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(1);

    private readonly ServiceSet _services;
    private readonly ServerOptions _options;
    private readonly ZeroRpcOptions _zeroRpc;
    private readonly MessageIds _ids = new();
    private readonly ConcurrentDictionary<ServerCall, Task> _running = new();
    private readonly ByteBudget _queued = new(long.MaxValue);
    private readonly NetMQMonitor? _monitor;
    private readonly NetMQTimer _retry;

    // Socket thread only.
    private readonly Dictionary<byte[], ServerCall> _calls = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], int> _callsPerPeer = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], PeerOutbox> _outboxes = new(ByteKeyComparer.Instance);
    private readonly HashSet<PeerOutbox> _backlogged = [];
    private readonly Dictionary<object, ConnectionLease> _leases = new(ReferenceEqualityComparer.Instance);
    private bool _stopping;

    private ZeroRpcServer(ServiceSet services, ServerOptions options, ZeroRpcOptions zeroRpc)
        : base(() => new RouterSocket(), zeroRpc.HeartbeatInterval)
    {
        _services = services;
        _options = options;
        _zeroRpc = zeroRpc;
        Limiter = new ConnectionLimiter(Transport, options);
        _retry = new NetMQTimer(RetryInterval) { Enable = false };
        try
        {
            // Replies to a peer that has gone fail at once (and end its calls) instead of vanishing, and replies to a
            // peer whose pipe is full are refused instead of dropped (they wait in its outbox).
            Socket.Options.RouterMandatory = true;
            Socket.Options.SendHighWatermark = zeroRpc.SendHighWatermark;

            // Attached before binding, so no accepted connection goes uncounted.
            _monitor = new NetMQMonitor(Socket, $"inproc://rpclab-zerorpc-server-{Guid.NewGuid():N}", SocketEvents.Accepted | SocketEvents.Disconnected);
            _monitor.Accepted += (_, e) => Loop.Guard(() => OnAccepted(e.Socket));
            _monitor.Disconnected += (_, e) => Loop.Guard(() => OnDisconnected(e.Socket));
            Loop.Attach(_monitor);
            _retry.Elapsed += (_, _) => Loop.Guard(FlushBacklogs);
            Loop.Add(_retry);

            // Up to ReceiveLimit a request over MaxMessageSize is read and answered ResourceExhausted; past it
            // ZeroMQ closes the connection before buffering it, so no peer can make the server hold more.
            Socket.Options.MaxMsgSize = ReceiveLimit(options.MaxMessageSize);
            var address = ListenAddress.Resolve(options.Host);
            Host = address.Host;
            Port = Endpoint.Bind(Socket, address, options.Port);
            Start($"zerorpc server :{Port}");
        }
        catch
        {
            ReleaseResources();
            throw;
        }
    }

    public string Transport => "zerorpc";

    /// <summary>What the listening line prints for <see cref="ServerOptions.Host"/> (<see cref="ListenAddress.Host"/>).</summary>
    public string Host { get; }

    public int Port { get; }

    public int MaxMessageSize => _options.MaxMessageSize;

    /// <summary>The connection limits, counted through the socket monitor (for tests: <see cref="ConnectionLimiter.Refused"/>).</summary>
    public ConnectionLimiter Limiter { get; }

    /// <summary>Bytes of outbound events produced and not yet taken by ZeroMQ, all peers together (for tests and the log).</summary>
    public long QueuedBytes => _queued.Used;

    /// <summary>The most <see cref="QueuedBytes"/> ever held at once.</summary>
    public long PeakQueuedBytes => _queued.Peak;

    public static ZeroRpcServer Start(ServiceSet services, ServerOptions options, ZeroRpcOptions zeroRpc) => new(services, options, zeroRpc);

    public byte[] NextId() => _ids.Next();

    /// <summary>
    /// Hands an event of <paramref name="call"/> to the socket's thread (any thread); dropped if the channel has ended.
    /// <paramref name="reserved"/>: its bytes were reserved in the call's budget (a reply); otherwise (a grant of credit)
    /// they are counted there on arrival, whatever the budget says.
    /// </summary>
    public void Send(ServerCall call, byte[] payload, bool final, bool reserved = true)
    {
        // A handler running inline (see HandleRequest) is already on the socket's thread: no hand-over.
        if (Loop.OnLoopThread)
        {
            SendOnChannel(call, payload, final, reserved);
        }
        else
        {
            Loop.Post(() => SendOnChannel(call, payload, final, reserved));
        }
    }

    public void Log(string method, RpcStatusCode status, TimeSpan elapsed, string? peer, string? detail) =>
        _options.CallLog?.Invoke(new CallRecord(Transport, method, status, elapsed, peer, detail));

    protected override void OnMessage(NetMQMessage message) => Handle(message);

    protected override void OnTimer()
    {
        CheckHeartbeats();
        DropStuckOutboxes();
    }

    protected override void BeforeLoopDisposed() => _monitor?.Dispose();

    protected override void OnLoopError(Exception error) => Log("-", RpcStatusCode.Internal, TimeSpan.Zero, null, $"zerorpc server error: {error}");

    protected override void OnStopping()
    {
        _stopping = true;
        foreach (var call in _calls.Values.ToList())
        {
            SendTo(call.Identity, EventWriter.Error(NextId(), call.ChannelId, ErrorNames.For(RpcStatusCode.Unavailable), "the server is stopping"));
            End(call, RpcStatusCode.Unavailable, "the server stopped");
        }
    }

    protected override async Task AfterStoppingAsync()
    {
        try
        {
            // Handlers were cancelled; one that ignores its token is not waited for past this.
            await Task.WhenAll(_running.Values).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Logged by the handlers themselves when they end.
        }
    }

    private void Handle(NetMQMessage message)
    {
        // [identity..., "", payload] from a DEALER; zerorpc-python also takes [identity, payload]. The payload is last.
        var identity = new List<byte[]>(1);
        var identityFrames = message.FrameCount > 2 ? message.FrameCount - 2 : 1;
        for (var i = 0; i < identityFrames; i++)
        {
            identity.Add(message[i].ToByteArray());
        }

        var peerKey = PeerKey(identity);
        var peer = $"zmq:{Convert.ToHexStringLower(identity[^1])}";
        if (message.FrameCount < 2)
        {
            Log("-", RpcStatusCode.InvalidArgument, TimeSpan.Zero, peer, "dropped a message with no payload frame");
            return;
        }

        var frame = message.Last;
        var payload = new ReadOnlyMemory<byte>(frame.Buffer, 0, frame.MessageSize);
        ZeroRpcEvent e;
        try
        {
            e = EventReader.Read(payload);
        }
        catch (MalformedEventException malformed)
        {
            HandleMalformed(identity, peerKey, peer, malformed);
            return;
        }

        if (payload.Length > _options.MaxMessageSize)
        {
            var detail = $"{(e.ResponseTo is null ? "the request" : $"a {e.Name} event")} is {payload.Length} bytes, over the server's limit of {_options.MaxMessageSize}";
            RefuseOrEnd(identity, peerKey, peer, e.MessageId, e.ResponseTo, e.ResponseTo is null ? e.Name : null, RpcStatusCode.ResourceExhausted, detail);
            return;
        }

        if (e.ResponseTo is null)
        {
            HandleRequest(identity, peerKey, peer, e);
        }
        else
        {
            HandleChannelEvent(peerKey, peer, e);
        }
    }

    private void HandleMalformed(List<byte[]> identity, byte[] peerKey, string peer, MalformedEventException malformed)
    {
        if (malformed.MessageId is null)
        {
            Log("-", RpcStatusCode.InvalidArgument, TimeSpan.Zero, peer, $"dropped an unreadable message: {malformed.Message}");
            return;
        }

        RefuseOrEnd(identity, peerKey, peer, malformed.MessageId, malformed.ResponseTo, null, RpcStatusCode.InvalidArgument, $"malformed event: {malformed.Message}");
    }

    // Answers a request that will not be served, or ends the channel an event belonged to; logs either way.
    private void RefuseOrEnd(List<byte[]> identity, byte[] peerKey, string peer, byte[] messageId, byte[]? responseTo, string? method, RpcStatusCode status, string detail)
    {
        if (responseTo is null)
        {
            SendTo(identity, EventWriter.Error(NextId(), messageId, ErrorNames.For(status), detail));
            Log(method ?? "-", status, TimeSpan.Zero, peer, detail);
        }
        else if (_calls.TryGetValue(ChannelKey(peerKey, responseTo), out var call))
        {
            SendTo(identity, EventWriter.Error(NextId(), responseTo, ErrorNames.For(status), detail));
            End(call, status, detail);
        }
        else
        {
            Log("-", status, TimeSpan.Zero, peer, $"dropped an event for no open channel: {detail}");
        }
    }

    private void HandleRequest(List<byte[]> identity, byte[] peerKey, string peer, ZeroRpcEvent request)
    {
        if (Introspection.Handles(request.Name))
        {
            SendTo(identity, Introspection.Answer(_zeroRpc.ServerName, request, NextId()));
            Log(request.Name, RpcStatusCode.OK, TimeSpan.Zero, peer, null);
            return;
        }

        var method = ServiceCatalog.Find(request.Name);
        var refusal = method is null ? (RpcStatusCode.Unimplemented, $"unknown method '{request.Name}'")
            : _stopping ? (RpcStatusCode.Unavailable, "the server is stopping")
            : method.StreamsRequest && !request.RequestStream ? (RpcStatusCode.Unimplemented,
                $"{method.FullName} takes a request stream, which zeroRPC cannot carry; RpcLab's extension sends the request with the header {EventNames.RequestStreamKey}: true and the items as STREAM events ended by STREAM_DONE")
            : _callsPerPeer.GetValueOrDefault(peerKey) >= _zeroRpc.MaxCallsPerPeer ? (RpcStatusCode.ResourceExhausted,
                $"this client already has {_zeroRpc.MaxCallsPerPeer} calls in progress, the most one client may have")
            : default((RpcStatusCode, string)?);
        var key = ChannelKey(peerKey, request.MessageId);
        if (refusal is null && _calls.ContainsKey(key))
        {
            Log(request.Name, RpcStatusCode.InvalidArgument, TimeSpan.Zero, peer, "dropped a request whose message_id is already an open channel");
            return;
        }

        if (refusal is var (status, detail))
        {
            var name = method is null ? EventNames.NameError : ErrorNames.For(status);
            SendTo(identity, EventWriter.Error(NextId(), request.MessageId, name, detail));
            Log(request.Name, status, TimeSpan.Zero, peer, detail);
            return;
        }

        var outbox = OutboxOf(peerKey, identity);
        var budget = new ByteBudget(_options.MaxQueuedBytes, outbox.Budget);
        var call = new ServerCall(this, _services, key, identity, peer, request, method!, new HeartbeatClock(_zeroRpc.HeartbeatInterval, Environment.TickCount64), outbox, budget);
        _calls.Add(key, call);
        _callsPerPeer[peerKey] = _callsPerPeer.GetValueOrDefault(peerKey) + 1;
        // A small unary request runs on this thread until its handler first waits (most finish without waiting, and
        // their reply leaves at once): two thread hand-overs fewer per call. Anything larger or streaming goes to the
        // thread pool, so no handler's own work can hold the socket for long.
        var task = _zeroRpc.InlineSmallCalls && request.Args.Length <= InlineArgsLimit && method!.Shape == CallShape.Unary ? call.RunAsync() : Task.Run(call.RunAsync);
        _running[call] = task;
        _ = task.ContinueWith(t => _running.TryRemove(call, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void HandleChannelEvent(byte[] peerKey, string peer, ZeroRpcEvent e)
    {
        if (!_calls.TryGetValue(ChannelKey(peerKey, e.ResponseTo!), out var call))
        {
            // Heartbeats, grants and cancellations race with a channel's end; anything else is worth a line.
            if (e.Name is not (EventNames.Heartbeat or EventNames.More or EventNames.Cancel or EventNames.Stream or EventNames.StreamDone))
            {
                Log("-", RpcStatusCode.InvalidArgument, TimeSpan.Zero, peer, $"dropped a '{e.Name}' event for no open channel");
            }

            return;
        }

        call.Heartbeat.Seen(Environment.TickCount64);
        switch (e.Name)
        {
            case EventNames.Heartbeat:
                break;
            case EventNames.More:
                if (EventArgsReader.FirstInteger(e.Args) is { } slots)
                {
                    call.Credit.Grant(slots);
                }
                else
                {
                    Log(call.Method.FullName, RpcStatusCode.InvalidArgument, TimeSpan.Zero, peer, "dropped a _zpc_more whose args are not [n]");
                }

                break;
            case EventNames.Cancel:
                var reason = EventArgsReader.SingleString(e.Args) == nameof(RpcStatusCode.DeadlineExceeded) ? RpcStatusCode.DeadlineExceeded : RpcStatusCode.Cancelled;
                End(call, reason, reason == RpcStatusCode.DeadlineExceeded ? "the client's deadline passed" : "the client cancelled the call");
                break;
            case EventNames.Stream or EventNames.StreamDone when call.RequestItems is not null:
                if (!call.RequestItems.TryAdd(e))
                {
                    RefuseOrEnd(call.Identity.ToList(), peerKey, peer, e.MessageId, e.ResponseTo, null, RpcStatusCode.ResourceExhausted,
                        $"the client sent more than {InboundEvents.QueueSize} stream items beyond the credit it was given");
                }

                break;
            default:
                Log(call.Method.FullName, RpcStatusCode.InvalidArgument, TimeSpan.Zero, peer, $"dropped an unexpected '{e.Name}' event on the channel");
                break;
        }
    }

    private void CheckHeartbeats() => HeartbeatClock.CheckAll(
        _calls.Values,
        call => call.Heartbeat,
        call => SendTo(call.Identity, EventWriter.Heartbeat(NextId(), call.ChannelId)),
        call => End(call, RpcStatusCode.Cancelled, $"lost the client: no heartbeat for {HeartbeatClock.LostAfter(_zeroRpc.HeartbeatInterval)}"));

    // Socket thread: the channel leaves the table; later events for it are dropped.
    private void Close(ServerCall call)
    {
        if (call.Closed)
        {
            return;
        }

        call.Closed = true;
        _calls.Remove(call.Key);
        var peerKey = PeerKey(call.Identity);
        if (_callsPerPeer.TryGetValue(peerKey, out var count))
        {
            if (count <= 1)
            {
                _callsPerPeer.Remove(peerKey);
            }
            else
            {
                _callsPerPeer[peerKey] = count - 1;
            }
        }

        ForgetIfIdle(call.Outbox);
    }

    // Socket thread: the channel ends early; its events still waiting for the peer are dropped, then the handler is told.
    private void End(ServerCall call, RpcStatusCode status, string detail)
    {
        Close(call);
        Drop(call.Outbox, call);
        call.Abort(status, detail);
    }

    private void SendOnChannel(ServerCall call, byte[] payload, bool final, bool reserved)
    {
        if (call.Closed)
        {
            if (reserved)
            {
                call.Budget.Release(payload.Length);
            }

            return;
        }

        if (!reserved)
        {
            call.Budget.Take(payload.Length);
        }

        Deliver(call.Outbox, call, payload, call.Budget);
        if (final)
        {
            Close(call);
        }
    }

    // Events that belong to no handler's stream (errors, refusals, heartbeats, introspection): behind the peer's
    // waiting events if it has any, so a channel's events stay in order.
    private void SendTo(IReadOnlyList<byte[]> identity, byte[] payload)
    {
        var key = PeerKey(identity);
        if (_outboxes.TryGetValue(key, out var outbox))
        {
            Deliver(outbox, null, payload, held: null);
        }
        else if (Route(identity, payload) == RouteResult.Gone)
        {
            PeerGone(key);
        }

        // Full with no channel open: a peer that reads nothing and only asks; nothing waits for the event, dropped.
    }

    // Hands one event to ZeroMQ, or queues it in the peer's outbox behind those already waiting. `held` is the budget
    // the event's bytes were reserved in (released once ZeroMQ takes it); an event without one is counted against the
    // peer's budget while it waits, and dropped when that is full (the socket's thread never waits).
    private void Deliver(PeerOutbox outbox, ServerCall? call, byte[] payload, ByteBudget? held)
    {
        if (outbox.Backlog.Count == 0)
        {
            switch (Route(outbox.Identity, payload))
            {
                case RouteResult.Sent:
                    held?.Release(payload.Length);
                    return;
                case RouteResult.Gone:
                    held?.Release(payload.Length);
                    PeerGone(outbox.Key);
                    return;
            }

            outbox.LastProgress = Environment.TickCount64;
            _backlogged.Add(outbox);
            _retry.Enable = true;
        }

        if (held is null)
        {
            if (!outbox.Budget.TryTake(payload.Length))
            {
                return;
            }

            held = outbox.Budget;
        }

        outbox.Backlog.Enqueue((call, payload, held));
    }

    // The retry timer: offers every waiting event again, oldest first per peer.
    private void FlushBacklogs()
    {
        foreach (var outbox in _backlogged.ToList())
        {
            Flush(outbox);
        }

        _retry.Enable = _backlogged.Count > 0;
    }

    private void Flush(PeerOutbox outbox)
    {
        while (outbox.Backlog.TryPeek(out var next))
        {
            var result = Route(outbox.Identity, next.Payload);
            if (result == RouteResult.Full)
            {
                return;
            }

            outbox.Backlog.Dequeue();
            next.Held?.Release(next.Payload.Length);
            if (result == RouteResult.Gone)
            {
                PeerGone(outbox.Key);
                return;
            }

            outbox.LastProgress = Environment.TickCount64;
        }

        _backlogged.Remove(outbox);
        ForgetIfIdle(outbox);
    }

    // Drops the waiting events of one channel (or all of them), freeing their bytes.
    private void Drop(PeerOutbox outbox, ServerCall? only)
    {
        if (outbox.Backlog.Count == 0)
        {
            return;
        }

        var kept = outbox.Backlog.Where(e => only is not null && e.Call != only).ToList();
        foreach (var dropped in outbox.Backlog.Where(e => only is null || e.Call == only))
        {
            dropped.Held?.Release(dropped.Payload.Length);
        }

        outbox.Backlog.Clear();
        kept.ForEach(outbox.Backlog.Enqueue);
        if (outbox.Backlog.Count == 0)
        {
            _backlogged.Remove(outbox);
            ForgetIfIdle(outbox);
        }
    }

    // A peer with events waiting and no channel left that has taken nothing for as long as a lost heartbeat takes is
    // not reading: its events are dropped (its channels, while open, are watched by their heartbeats instead).
    private void DropStuckOutboxes()
    {
        var patience = 2 * (long)_zeroRpc.HeartbeatInterval.TotalMilliseconds;
        foreach (var outbox in _backlogged.ToList())
        {
            if (!_callsPerPeer.ContainsKey(outbox.Key) && Environment.TickCount64 - outbox.LastProgress > patience)
            {
                Log("-", RpcStatusCode.Cancelled, TimeSpan.Zero, $"zmq:{Convert.ToHexStringLower(outbox.Identity[^1])}", $"dropped {outbox.Backlog.Count} events for a client that takes none");
                Drop(outbox, only: null);
            }
        }
    }

    private PeerOutbox OutboxOf(byte[] peerKey, IReadOnlyList<byte[]> identity)
    {
        if (!_outboxes.TryGetValue(peerKey, out var outbox))
        {
            outbox = new PeerOutbox(peerKey, identity, new ByteBudget(_options.MaxQueuedBytes, _queued));
            _outboxes.Add(peerKey, outbox);
        }

        return outbox;
    }

    // An outbox lives while its peer has a channel open or events waiting.
    private void ForgetIfIdle(PeerOutbox outbox)
    {
        if (outbox.Backlog.Count == 0 && !_callsPerPeer.ContainsKey(outbox.Key) && _outboxes.TryGetValue(outbox.Key, out var current) && current == outbox)
        {
            _outboxes.Remove(outbox.Key);
        }
    }

    private RouteResult Route(IReadOnlyList<byte[]> identity, byte[] payload)
    {
        var message = new NetMQMessage(identity.Count + 2);
        foreach (var frame in identity)
        {
            message.Append(frame);
        }

        message.AppendEmptyFrame();
        message.Append(payload);
        try
        {
            return Socket.TrySendMultipartMessage(TimeSpan.Zero, message) ? RouteResult.Sent : RouteResult.Full;
        }
        catch (HostUnreachableException)
        {
            return RouteResult.Gone;
        }
    }

    // The peer's connection is gone: its channels end and whatever waits for it is dropped.
    private void PeerGone(byte[] peerKey)
    {
        foreach (var call in _calls.Values.Where(c => ByteKeyComparer.Instance.Equals(PeerKey(c.Identity), peerKey)).ToList())
        {
            Close(call);
            call.Abort(RpcStatusCode.Cancelled, "the client's connection is gone");
        }

        if (_outboxes.TryGetValue(peerKey, out var outbox))
        {
            Drop(outbox, only: null);
        }
    }

    // Socket thread: a connection ZeroMQ accepted. Over a limit it is closed at once (NetMQ has no hook before accept).
    private void OnAccepted(AsyncIO.AsyncSocket? socket)
    {
        if (socket is null)
        {
            return;
        }

        if (Limiter.TryAdmit(RemoteEndPoint(socket)) is { } lease)
        {
            _leases[socket] = lease;
            return;
        }

        if (!AcceptedConnection.TryShutdown(socket))
        {
            Log("-", RpcStatusCode.Internal, TimeSpan.Zero, null, "could not close a connection over the limit: this NetMQ's sockets cannot be reached");
        }
    }

    private void OnDisconnected(AsyncIO.AsyncSocket? socket)
    {
        if (socket is not null && _leases.Remove(socket, out var lease))
        {
            lease.Dispose();
        }
    }

    private static System.Net.EndPoint? RemoteEndPoint(AsyncIO.AsyncSocket socket)
    {
        try
        {
            return socket.RemoteEndPoint;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            return null;
        }
    }

    private static byte[] PeerKey(IReadOnlyList<byte[]> identity) => identity.Count == 1 ? identity[0] : identity.SelectMany(f => f).ToArray();

    private static byte[] ChannelKey(byte[] peerKey, byte[] channelId)
    {
        // Length-prefixed, so no identity and id can run into each other.
        var key = new byte[4 + peerKey.Length + channelId.Length];
        BinaryPrimitives.WriteInt32BigEndian(key, peerKey.Length);
        peerKey.CopyTo(key, 4);
        channelId.CopyTo(key, 4 + peerKey.Length);
        return key;
    }
}
