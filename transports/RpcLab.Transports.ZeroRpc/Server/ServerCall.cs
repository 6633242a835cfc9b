using System.Diagnostics;
using System.Runtime.CompilerServices;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.ZeroRpc.Channels;
using RpcLab.Transports.ZeroRpc.Wire;

namespace RpcLab.Transports.ZeroRpc.Server;

/// <summary>
/// One channel on the server: a request being served. The handler runs on the thread pool
/// (<see cref="RunAsync"/>): it binds the args, calls the contract method, and hands each reply event to the
/// socket's thread, waiting for the client's credit before each one, as the reference does. The socket's
/// thread owns the channel's table entry, heartbeat and routing; it ends the channel early with
/// <see cref="Abort"/> (the client cancelled or vanished, or the server stops), which cancels the handler and
/// sends nothing more. The handler logs the call once, with how it ended. Besides the client's credit, each event waits
/// for room in the channel's byte budget (<see cref="Budget"/>), so a client that stops reading stops the handler.
/// </summary>
internal sealed class ServerCall
{
    private readonly ZeroRpcServer _server;
    private readonly ServiceSet _services;
    // Never disposed: Abort may cancel it from the thread pool at any time, and it has no timer to release.
    private readonly CancellationTokenSource _cancel = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private RpcException? _abortedWith;

    public ServerCall(ZeroRpcServer server, ServiceSet services, byte[] key, IReadOnlyList<byte[]> identity, string peer, ZeroRpcEvent request, RpcMethod method, HeartbeatClock heartbeat, PeerOutbox outbox, ByteBudget budget)
    {
        Outbox = outbox;
        Budget = budget;
        _server = server;
        _services = services;
        Key = key;
        Identity = identity;
        Peer = peer;
        Request = request;
        Method = method;
        Heartbeat = heartbeat;
        RequestItems = method.StreamsRequest
            ? new InboundEvents(slots => _server.Send(this, EventWriter.More(_server.NextId(), ChannelId, slots), final: false, reserved: false), firstAlreadyReceived: true)
            : null;
    }

    /// <summary>The channel's key in the server's table: the peer's identity and the request's message_id.</summary>
    public byte[] Key { get; }

    /// <summary>The routing frames replies go back through.</summary>
    public IReadOnlyList<byte[]> Identity { get; }

    public string Peer { get; }

    public ZeroRpcEvent Request { get; }

    /// <summary>The request's raw message_id: every event the server sends on the channel carries it as response_to.</summary>
    public byte[] ChannelId => Request.MessageId;

    public RpcMethod Method { get; }

    /// <summary>Socket thread only.</summary>
    public HeartbeatClock Heartbeat { get; }

    /// <summary>How many more events the client has room for.</summary>
    public OutboundCredit Credit { get; } = new(1);

    /// <summary>Its peer's outbox (socket thread), where its events wait when ZeroMQ will not take them yet.</summary>
    public PeerOutbox Outbox { get; }

    /// <summary>The bytes of this channel's events not yet taken by ZeroMQ, within its peer's budget.</summary>
    public ByteBudget Budget { get; }

    /// <summary>The request stream's events (RpcLab's extension), for client-streaming and bidirectional methods.</summary>
    public InboundEvents? RequestItems { get; }

    /// <summary>Socket thread only: set once the channel has left the table (its final event sent, or aborted).</summary>
    public bool Closed { get; set; }

    /// <summary>
    /// Ends the call early (socket thread, after the channel left the table): records why for the log, ends the
    /// request stream, and cancels the handler on the thread pool, since cancellation callbacks run user code.
    /// </summary>
    public void Abort(RpcStatusCode status, string detail)
    {
        if (Interlocked.CompareExchange(ref _abortedWith, new RpcException(status, detail), null) is not null)
        {
            return;
        }

        RequestItems?.Fail(new OperationCanceledException(detail));
        ThreadPool.UnsafeQueueUserWorkItem(static c => CancelQuietly(c), _cancel, preferLocal: false);
    }

    public async Task RunAsync()
    {
        var token = _cancel.Token;
        RpcException? failure = null;
        try
        {
            var args = ArgumentBinder.Bind(Method, Request.Args);
            var requestStream = RequestItems is null ? null : ReadRequestStream(token);
            if (!Method.StreamsResult)
            {
                var result = await Method.InvokeAsync(_services, args, requestStream, token).ConfigureAwait(false);
                await SendAsync(EventWriter.Ok(_server.NextId(), ChannelId, Method.ResultType, result), final: true, token).ConfigureAwait(false);
            }
            else
            {
                await foreach (var item in Method.InvokeStreaming(_services, args, requestStream, token).ConfigureAwait(false))
                {
                    await SendAsync(EventWriter.StreamItem(_server.NextId(), ChannelId, Method.ResultType!, item), final: false, token).ConfigureAwait(false);
                }

                await SendAsync(EventWriter.StreamDone(_server.NextId(), ChannelId), final: true, token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (Volatile.Read(ref _abortedWith) is null)
        {
            failure = RpcErrors.ForClient(e);
            var detail = failure.Detail.Length <= 4096 ? failure.Detail : failure.Detail[..4096] + "...";
            try
            {
                await SendAsync(EventWriter.Error(_server.NextId(), ChannelId, ErrorNames.For(failure.Status), detail), final: true, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Aborted while waiting for the client's credit: the abort's reason is logged instead.
            }
        }
        catch (Exception)
        {
            // Aborted: nothing more goes to the client; the log says why.
        }

        var ended = Volatile.Read(ref _abortedWith) ?? failure;
        _server.Log(Method.FullName, ended?.Status ?? RpcStatusCode.OK, Stopwatch.GetElapsedTime(_started), Peer, ended is null ? null : RpcErrors.LogDetail(ended));
    }

    // Each event takes one of the client's slots, and its bytes a place in the channel's and the connection's budget
    // until ZeroMQ takes it: a client that grants much and reads nothing pauses this handler here. An event over the
    // size limit fails the call instead.
    private async Task SendAsync(byte[] payload, bool final, CancellationToken token)
    {
        if (payload.Length > _server.MaxMessageSize)
        {
            throw RpcException.ResourceExhausted($"the reply is {payload.Length} bytes, over the limit of {_server.MaxMessageSize}");
        }

        await Credit.WaitAsync(token).ConfigureAwait(false);
        await Budget.ReserveAsync(payload.Length, token).ConfigureAwait(false);
        _server.Send(this, payload, final);
    }

    // A callback a handler registered on its token may throw; on the thread pool that would end the process.
    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (AggregateException)
        {
            // The handler's own callbacks failed; the handler still sees its token cancelled.
        }
    }

    private async IAsyncEnumerable<object?> ReadRequestStream(CancellationToken callToken, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(callToken, cancellationToken);
        while (true)
        {
            var e = await RequestItems!.ReadAsync(linked.Token).ConfigureAwait(false);
            if (e.Name == EventNames.StreamDone)
            {
                yield break;
            }

            yield return WireSerializer.ReadOrThrow(Method.RequestItemType!, e.Args, RpcStatusCode.InvalidArgument, "a request stream item");
        }
    }
}
