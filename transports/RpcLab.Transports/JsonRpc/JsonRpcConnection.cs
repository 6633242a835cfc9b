using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using RpcLab.Services.Errors;
using RpcLab.Transports.Framing;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// One JSON-RPC 2.0 connection, the same on both ends: either side sends requests and notifications and
/// serves the methods it was given, because streaming needs it (the side that receives a sequence pulls
/// it from the side that sent the token). Owns the read loop, the pending outgoing requests, the incoming
/// requests in flight (for <c>$/cancelRequest</c> and the concurrency limit) and the sequences it produces.
/// Messages are parsed and answered here; framing is <see cref="FramedStream"/>'s and JSON the formatter's.
/// Thread-safe: invoke and notify from any thread.
/// </summary>
internal sealed class JsonRpcConnection : IAsyncDisposable
{
    private const string CancelRequest = "$/cancelRequest";
    private const string EnumeratorNext = "$/enumerator/next";
    private const string EnumeratorDispose = "$/enumerator/dispose";

    private readonly FramedStream _wire;
    private readonly IReadOnlyDictionary<string, JsonRpcHandler> _methods;
    private readonly int _maxConcurrentRequests;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _halfCloseGrace;
    private readonly Action<CallRecord>? _callLog;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _incoming = new();
    private readonly ConcurrentDictionary<Task, bool> _running = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId;
    private int _active;
    private int _unsentReplies;
    private TaskCompletionSource? _repliesDrained;
    private int _closing;
    private Task? _readLoop;

    public JsonRpcConnection(Stream stream, JsonRpcOptions options, int maxMessageSize, IReadOnlyDictionary<string, JsonRpcHandler> methods, string? peer, Action<CallRecord>? callLog)
    {
        _wire = new FramedStream(stream, options.Framer, maxMessageSize, options.WireTap);
        _methods = methods;
        _maxConcurrentRequests = options.MaxConcurrentRequests;
        _maxBatchSize = options.MaxBatchSize;
        _halfCloseGrace = options.HalfCloseGrace;
        _callLog = callLog;
        Peer = peer;
        Enumerators = new EnumeratorTable(options.MaxConcurrentRequests, _lifetime.Token);
    }

    public string? Peer { get; }

    public int MaxMessageSize => _wire.MaxMessageSize;

    /// <summary>The sequences this end has sent as tokens.</summary>
    public EnumeratorTable Enumerators { get; }

    /// <summary>Completes when the connection has closed (peer gone, garbage received, or disposed).</summary>
    public Task Closed => _closed.Task;

    /// <summary>Why the connection closed, once it has.</summary>
    public string? CloseReason { get; private set; }

    public void Start() => _readLoop = Task.Run(ReadLoopAsync);

    /// <summary>
    /// Sends a request and waits for its result. An error reply throws the RpcException it carries; a
    /// lost connection throws Unavailable. When <paramref name="cancellationToken"/> fires the call stops
    /// waiting, tells the peer with <c>$/cancelRequest</c>, and throws OperationCanceledException.
    /// </summary>
    public async Task<JsonElement> InvokeAsync(string method, object? parameters, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfClosed();
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        try
        {
            var request = JsonRpcFormatter.Request(id, method, parameters);
            if (request.Length > MaxMessageSize)
            {
                throw RpcException.ResourceExhausted($"the request of {request.Length} bytes exceeds the message size limit of {MaxMessageSize} bytes");
            }

            await SendOrThrowAsync(request, cancellationToken).ConfigureAwait(false);
            try
            {
                return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !reply.Task.IsCompleted)
            {
                await TryNotifyAsync(CancelRequest, new Dictionary<string, long> { ["id"] = id }).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Sends a notification; false when the connection is gone (notifications have no one to fail to).</summary>
    public async Task<bool> TryNotifyAsync(string method, object? parameters)
    {
        if (Volatile.Read(ref _closing) != 0)
        {
            return false;
        }

        try
        {
            await _wire.WriteAsync(JsonRpcFormatter.Notification(method, parameters)).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync("closed by this end").ConfigureAwait(false);
        if (_readLoop is not null)
        {
            await _readLoop.ConfigureAwait(false);
        }

        // Handlers were cancelled; wait for them briefly so services are not disposed under their feet,
        // but never hang on one that ignores cancellation.
        await Task.WhenAll(_running.Keys).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        _lifetime.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var reason = "the peer closed the connection";
        try
        {
            while (true)
            {
                await WaitForRepliesToDrainAsync().ConfigureAwait(false);
                var frame = await _wire.ReadAsync(_lifetime.Token).ConfigureAwait(false);
                switch (frame.Status)
                {
                    case FrameStatus.Message:
                        await ProcessAsync(frame.Payload!).ConfigureAwait(false);
                        break;
                    case FrameStatus.Oversized:
                        Log("-", RpcStatusCode.ResourceExhausted, TimeSpan.Zero, frame.Error);

                        // The skipped frame may have been the reply to any call waiting here, and its id was
                        // never read: fail them all rather than let one wait forever (as for an id-null error).
                        FailPending(RpcException.ResourceExhausted($"a reply could not be read: {frame.Error}"));
                        await TrySendAsync(JsonRpcFormatter.Error(null, JsonRpcError.FromStatus(RpcStatusCode.ResourceExhausted, frame.Error!))).ConfigureAwait(false);
                        break;
                    case FrameStatus.Invalid:
                        // The frames are out of step and cannot be found again: say why, then hang up.
                        reason = frame.Error!;
                        Log("-", RpcStatusCode.InvalidArgument, TimeSpan.Zero, frame.Error);
                        await TrySendAsync(JsonRpcFormatter.Error(null, JsonRpcError.ParseError(frame.Error))).ConfigureAwait(false);
                        return;
                    default:
                        if (frame.Error is not null)
                        {
                            reason = frame.Error;
                            return;
                        }

                        // A clean end of stream may be a half-close (the peer still reads): let the requests
                        // already received finish and send their replies, within the grace period.
                        reason = "the peer ended its side of the connection";
                        await Task.WhenAll(_running.Keys).WaitAsync(_halfCloseGrace).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
                        return;
                }
            }
        }
        catch (Exception e)
        {
            // Whatever ended the loop (a broken socket, disposal, or a fault of ours) ends this connection only.
            reason = _lifetime.IsCancellationRequested ? CloseReason ?? "closed" : e.Message;
        }
        finally
        {
            await CloseAsync(reason).ConfigureAwait(false);
        }
    }

    /// <summary>Handles one frame: a single message or a batch. Requests run on their own tasks; the read loop never waits for a handler.</summary>
    private async Task ProcessAsync(byte[] payload)
    {
        JsonElement root;
        try
        {
            root = JsonRpcFormatter.Parse(payload);
        }
        catch (JsonException e)
        {
            Log("-", RpcStatusCode.InvalidArgument, TimeSpan.Zero, $"parse error: {e.Message}");
            await TrySendAsync(JsonRpcFormatter.Error(null, JsonRpcError.ParseError())).ConfigureAwait(false);
            return;
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            var reply = Dispatch(root);
            if (reply is not null)
            {
                _ = Track(SendWhenDoneAsync(reply));
            }

            return;
        }

        if (root.GetArrayLength() == 0)
        {
            await TrySendAsync(JsonRpcFormatter.Error(null, JsonRpcError.InvalidRequest)).ConfigureAwait(false);
            return;
        }

        if (root.GetArrayLength() > _maxBatchSize)
        {
            var detail = $"a batch of {root.GetArrayLength()} entries exceeds the limit of {_maxBatchSize}; nothing in it was run";
            Log("-", RpcStatusCode.ResourceExhausted, TimeSpan.Zero, detail);
            await TrySendAsync(JsonRpcFormatter.Error(null, JsonRpcError.FromStatus(RpcStatusCode.ResourceExhausted, detail))).ConfigureAwait(false);
            return;
        }

        var replies = root.EnumerateArray().Select(Dispatch).Where(r => r is not null).Select(r => r!).ToArray();
        if (replies.Length > 0)
        {
            _ = Track(SendBatchWhenDoneAsync(replies));
        }
    }

    /// <summary>Starts one message's work; returns its reply (null for notifications and responses).</summary>
    private Task<byte[]?>? Dispatch(JsonElement element)
    {
        var message = JsonRpcMessage.Classify(element);
        switch (message.Kind)
        {
            case JsonRpcMessageKind.Response:
                Complete(message);
                return null;
            case JsonRpcMessageKind.Invalid when message.IsBrokenResponse:
                // Never answered (two peers could answer each other forever), but the call it names must not wait on.
                Log("-", RpcStatusCode.InvalidArgument, TimeSpan.Zero, $"ignored a malformed response: {message.Problem}");
                if (PendingCall(message.Id) is { } broken)
                {
                    broken.TrySetException(new RpcException(RpcStatusCode.Internal, $"malformed response: {message.Problem}"));
                }

                return null;
            case JsonRpcMessageKind.Invalid:
                Log("-", RpcStatusCode.InvalidArgument, TimeSpan.Zero, $"invalid request: {message.Problem}");
                return Task.FromResult<byte[]?>(JsonRpcFormatter.Error(message.Id, JsonRpcError.InvalidRequest));
        }

        var isRequest = message.Kind == JsonRpcMessageKind.Request;
        if (message.Method is CancelRequest or EnumeratorDispose)
        {
            // Bookkeeping, done inline in arrival order: never queued behind the work it cancels or
            // overtaken by a later request for the same token.
            try
            {
                if (message.Method == CancelRequest)
                {
                    CancelIncoming(message.Params);
                }
                else
                {
                    Enumerators.Dispose(TokenParam(message.Params));
                }
            }
            catch (JsonRpcErrorException e)
            {
                return isRequest ? Task.FromResult<byte[]?>(JsonRpcFormatter.Error(message.Id, e.Error)) : null;
            }

            return isRequest ? Task.FromResult<byte[]?>(JsonRpcFormatter.Result(message.Id, null)) : null;
        }

        var handler = Handler(message.Method!);
        if (handler is null)
        {
            Log(message.Method!, RpcStatusCode.Unimplemented, TimeSpan.Zero, "method not found");
            return isRequest ? Task.FromResult<byte[]?>(JsonRpcFormatter.Error(message.Id, JsonRpcError.MethodNotFound)) : null;
        }

        if (Interlocked.Increment(ref _active) > _maxConcurrentRequests)
        {
            Interlocked.Decrement(ref _active);
            var detail = $"too many concurrent requests on this connection (limit {_maxConcurrentRequests})";
            Log(message.Method!, RpcStatusCode.ResourceExhausted, TimeSpan.Zero, detail);
            return isRequest ? Task.FromResult<byte[]?>(JsonRpcFormatter.Error(message.Id, JsonRpcError.FromStatus(RpcStatusCode.ResourceExhausted, detail))) : null;
        }

        // Registered before the handler starts, so a $/cancelRequest right behind the request finds it.
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        var key = isRequest ? IdKey(message.Id) : null;
        if (key is not null)
        {
            _incoming.TryAdd(key, cancellation);
        }

        var call = Task.Run(() => InvokeHandlerAsync(message, handler, key, cancellation));
        if (isRequest)
        {
            // Tracked by whoever sends its reply.
            return call;
        }

        _ = Track(call);
        return null;
    }

    private async Task<byte[]?> InvokeHandlerAsync(JsonRpcMessage message, JsonRpcHandler handler, string? key, CancellationTokenSource cancellation)
    {
        var isRequest = message.Kind == JsonRpcMessageKind.Request;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await handler(new JsonRpcCallContext(this, message.Method!, message.Params, cancellation.Token)).ConfigureAwait(false);
            var reply = isRequest ? FormatResult(message.Id, result) : null;
            Log(message.Method!, RpcStatusCode.OK, Stopwatch.GetElapsedTime(started), null);
            return reply;
        }
        catch (Exception e)
        {
            var error = JsonRpcError.FromException(e);
            Log(message.Method!, error.Status ?? JsonRpcErrorCodes.ToStatus(error.Code), Stopwatch.GetElapsedTime(started), error.Message);
            return isRequest ? JsonRpcFormatter.Error(message.Id, error) : null;
        }
        finally
        {
            if (key is not null)
            {
                _incoming.TryRemove(new KeyValuePair<string, CancellationTokenSource>(key, cancellation));
            }

            cancellation.Dispose();
            Interlocked.Decrement(ref _active);
        }
    }

    private byte[] FormatResult(JsonElement? id, object? result)
    {
        byte[] reply;
        try
        {
            reply = JsonRpcFormatter.Result(id, result);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return JsonRpcFormatter.Error(id, new JsonRpcError(JsonRpcErrorCodes.InternalError, $"Internal error: the result could not be serialized: {e.Message}"));
        }

        return reply.Length <= MaxMessageSize
            ? reply
            : JsonRpcFormatter.Error(id, JsonRpcError.FromStatus(RpcStatusCode.ResourceExhausted, $"the reply of {reply.Length} bytes exceeds the message size limit of {MaxMessageSize} bytes"));
    }

    private JsonRpcHandler? Handler(string method) => method switch
    {
        EnumeratorNext => async context => await Enumerators.NextAsync(TokenParam(context.Params), context.CancellationToken).ConfigureAwait(false),
        _ => _methods.GetValueOrDefault(method),
    };

    /// <summary>The enumerator token, named (<c>{"token": t}</c>) or positional (<c>[t]</c>) as StreamJsonRpc allows.</summary>
    private static JsonElement TokenParam(JsonElement? parameters) => parameters switch
    {
        { ValueKind: JsonValueKind.Object } p when p.TryGetProperty("token", out var t) => t,
        { ValueKind: JsonValueKind.Array } p when p.GetArrayLength() == 1 => p[0],
        _ => throw JsonRpcErrorException.InvalidParams("expected the enumerator token as {\"token\": t} or [t]"),
    };

    private void CancelIncoming(JsonElement? parameters)
    {
        var id = parameters switch
        {
            { ValueKind: JsonValueKind.Object } p when p.TryGetProperty("id", out var i) => i,
            { ValueKind: JsonValueKind.Array } p when p.GetArrayLength() == 1 => p[0],
            _ => (JsonElement?)null,
        };
        if (id is not null && _incoming.TryGetValue(IdKey(id)!, out var cancellation))
        {
            try
            {
                cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The request finished in the meantime.
            }
        }
    }

    /// <summary>The call waiting for a reply with this id; only ids this end issued (integers) can match.</summary>
    private TaskCompletionSource<JsonElement>? PendingCall(JsonElement? id) =>
        id is { ValueKind: JsonValueKind.Number } number && number.TryGetInt64(out var key) && _pending.TryGetValue(key, out var reply) ? reply : null;

    private void FailPending(RpcException failure)
    {
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(failure);
        }
    }

    private void Complete(JsonRpcMessage response)
    {
        if (response.Id is { ValueKind: JsonValueKind.Number })
        {
            if (PendingCall(response.Id) is { } reply)
            {
                if (response.Error is { } error)
                {
                    reply.TrySetException(error.ToRpcException());
                }
                else
                {
                    reply.TrySetResult(response.Result!.Value);
                }
            }

            return;
        }

        if (response.Error is { } failure && response.Id is { ValueKind: JsonValueKind.Null })
        {
            // The peer could not read one of our messages and cannot say which (it replied with id null,
            // as for an oversized frame). Rather than let that call wait forever, fail every call waiting.
            FailPending(failure.ToRpcException());
        }
    }

    private async Task SendWhenDoneAsync(Task<byte[]?> reply)
    {
        if (await reply.ConfigureAwait(false) is { } bytes)
        {
            await TrySendAsync(bytes).ConfigureAwait(false);
        }
    }

    private async Task SendBatchWhenDoneAsync(Task<byte[]?>[] replies)
    {
        var responses = (await Task.WhenAll(replies).ConfigureAwait(false)).Where(r => r is not null).Select(r => r!).ToArray();

        // A batch of notifications only gets no reply at all.
        if (responses.Length > 0)
        {
            await TrySendAsync(JsonRpcFormatter.Batch(responses)).ConfigureAwait(false);
        }
    }

    private async Task SendOrThrowAsync(byte[] message, CancellationToken cancellationToken)
    {
        try
        {
            await _wire.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            throw new RpcException(RpcStatusCode.Unavailable, $"the connection is closed: {e.Message}", e);
        }
    }

    /// <summary>
    /// Sends a reply; a peer that has gone cannot receive it, which is not this end's failure. Counted
    /// while it waits to be written, so the read loop can stop reading from a peer that takes no replies.
    /// </summary>
    private async Task TrySendAsync(byte[] message)
    {
        Interlocked.Increment(ref _unsentReplies);
        try
        {
            await _wire.WriteAsync(message).ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
        }
        finally
        {
            if (Interlocked.Decrement(ref _unsentReplies) < _maxConcurrentRequests)
            {
                Volatile.Read(ref _repliesDrained)?.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Backpressure: while as many replies as the concurrency limit wait to be written (the peer does not
    /// read them, so TCP has stopped taking them), read nothing more. The peer's further requests then wait
    /// in the TCP buffers, not in this process's memory; everything already running goes on.
    /// </summary>
    private async Task WaitForRepliesToDrainAsync()
    {
        while (Volatile.Read(ref _unsentReplies) >= _maxConcurrentRequests)
        {
            var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            // Published with a full fence before the count is read again, so a writer that finishes in between
            // either sees this waiter or leaves a count below the limit for the check below.
            Interlocked.Exchange(ref _repliesDrained, drained);
            if (Volatile.Read(ref _unsentReplies) >= _maxConcurrentRequests)
            {
                await drained.Task.WaitAsync(_lifetime.Token).ConfigureAwait(false);
            }

            Interlocked.CompareExchange(ref _repliesDrained, null, drained);
        }
    }

    private Task Track(Task task)
    {
        _running[task] = true;
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    private async Task CloseAsync(string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        CloseReason = reason;
        _lifetime.Cancel();
        FailPending(new RpcException(RpcStatusCode.Unavailable, $"the connection closed: {reason}"));

        Enumerators.ReleaseAll();
        await _wire.DisposeAsync().ConfigureAwait(false);
        _closed.TrySetResult();
    }

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closing) != 0)
        {
            throw new RpcException(RpcStatusCode.Unavailable, $"the connection is closed: {CloseReason}");
        }
    }

    private void Log(string method, RpcStatusCode status, TimeSpan elapsed, string? detail)
    {
        if (_callLog is not null && !method.StartsWith("$/", StringComparison.Ordinal))
        {
            _callLog(new CallRecord("jsonrpc", method, status, elapsed, Peer, detail));
        }
    }

    private static string? IdKey(JsonElement? id) => id?.GetRawText();

    private static bool IsConnectionFailure(Exception e) => e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or InvalidOperationException;
}
