using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using RpcLab.Services.Errors;
using RpcLab.Transports.Buffers;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.JsonRpc.Framing;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using StreamJsonRpc.Reflection;

namespace RpcLab.Transports.JsonRpc.Compliance;

/// <summary>
/// StreamJsonRpc's message handler for one connection, giving it the parts of JSON-RPC 2.0 it lacks (on public
/// API only). It frames by itself (Content-Length or newline) and refuses an oversized frame from its header;
/// answers invalid JSON with -32700 and an invalid request with -32600, keeping the connection; splits a batch
/// into messages and gathers their replies into one array; passes every request of the peer to StreamJsonRpc
/// under an id of its own (so any id the specification allows, duplicates and null included, is echoed byte for
/// byte, and notifications are answered internally and their replies dropped, so every call is seen to finish);
/// limits the requests in flight, which also stops reading from a peer that takes no replies; drops a response
/// nobody asked for; tells the server's <see cref="ConnectionClock"/> where frames start and end (the message and
/// idle timeouts); and writes the call log. Garbage that breaks the framing closes this connection only.
/// Thread-safety: StreamJsonRpc reads from one task and writes one message at a time, as MessageHandlerBase requires.
/// </summary>
internal sealed class SpecComplianceHandler : MessageHandlerBase, IJsonRpcMessageBufferManager
{
    private const string CancelRequest = "$/cancelRequest";
    private const string EnumeratorAbort = "$/enumerator/abort";

    // The writing side's buffers, pooled and reused from message to message (MessageHandlerBase writes one at a time);
    // one grown past this by a large message goes back to the pool at the next write rather than stay with the
    // connection for its life.
    private const int RetainedBufferSize = 64 * 1024;
    private const int InitialBufferSize = 1024;

    /// <summary>How many bytes of frames may wait for the socket before a writer waits: a peer that reads no replies still holds the server back.</summary>
    private const int MaxUnsentBytes = 64 * 1024;

    /// <summary>The least a read of a frame of known length waits for (<see cref="ReadFrameAsync"/>).</summary>
    private const int MinGrowth = 64 * 1024;

    /// <summary>How long a closing connection waits for the frames already written to reach the socket (a last -32700 before hanging up).</summary>
    private static readonly TimeSpan SendGrace = TimeSpan.FromSeconds(1);

    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly IFrameDecoder _decoder;
    private readonly HandlerOptions _options;

    // Frames go to the socket through a pipe, sent by one task: while it sends, the replies finished meanwhile gather
    // and leave in one write, instead of one system call per reply on the dispatching thread.
    private readonly Pipe _unsent = new(new PipeOptions(pauseWriterThreshold: MaxUnsentBytes, resumeWriterThreshold: MaxUnsentBytes / 2, useSynchronizationContext: false));
    private readonly Task _sending;
    private long _unsentBytes;

    // The messages read and split but not yet handed to StreamJsonRpc; only the reading task touches it.
    private readonly Queue<Queued> _ready = new();
    private readonly RecentNames _names = new();

    // The message StreamJsonRpc is reading and its buffer, which goes back to the pool when StreamJsonRpc is done with it.
    private (JsonRpcMessage? Message, Queued Bytes) _lent;
    private readonly ConcurrentDictionary<long, InboundCall> _inbound = new();
    private readonly ConcurrentDictionary<long, byte> _outstanding = new();
    private long _nextId;
    private int _counted;
    private TaskCompletionSource? _drained;
    private JsonRpcMessage? _dispatching;
    private readonly PooledBufferWriter _serialized = new(InitialBufferSize);
    private readonly PooledBufferWriter _rewritten = new(InitialBufferSize);
    private readonly PooledBufferWriter _frame = new(InitialBufferSize);

    public SpecComplianceHandler(Stream stream, HandlerOptions options, IJsonRpcMessageFormatter formatter)
        : base(formatter)
    {
        _stream = stream;
        _options = options;
        _decoder = options.Framer.CreateDecoder(options.MaxMessageSize);

        // The pipe's own buffering stays small; a frame's size is bounded by the decoder, not by the pipe.
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        _sending = SendAsync();

        // Disposal ends a read or a writer waiting for room; the frames already written still go out (Dispose).
        DisposalToken.Register(static s =>
        {
            var handler = (SpecComplianceHandler)s!;
            handler._reader.CancelPendingRead();
            handler._unsent.Writer.CancelPendingFlush();
        }, this);
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    /// <summary>True while calls of the peer are in progress (their replies not yet written): the connection is not idle.</summary>
    public bool Busy => !_inbound.IsEmpty;

    /// <summary>
    /// False when the peer's request (as StreamJsonRpc knows it, under the handler's id) has no argument that is JSON
    /// null, which the handler saw while reading it: then no parameter needs asking whether it is null.
    /// </summary>
    public bool MayHoldNullArgument(JsonRpcRequest request) =>
        request.RequestId.Number is not { } own || !_inbound.TryGetValue(own, out var call) || call.ParamsHoldNull;

    /// <summary>The request StreamJsonRpc is dispatching right now, whose arguments are still readable (null between messages).</summary>
    public JsonRpcRequest? Dispatching => Volatile.Read(ref _dispatching) as JsonRpcRequest;

    void IJsonRpcMessageBufferManager.DeserializationComplete(JsonRpcMessage message)
    {
        Interlocked.CompareExchange(ref _dispatching, null, message);
        (message as IJsonRpcMessageBufferManager)?.DeserializationComplete(message);

        // The formatter has let go of the message's document (StreamJsonRpc calls this before it reads on), so nothing
        // reads its bytes any more.
        if (ReferenceEquals(_lent.Message, message))
        {
            _lent.Bytes.Return();
            _lent = default;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_ready.TryDequeue(out var next))
            {
                // One at a time: the formatter keeps the document of the message being dispatched until StreamJsonRpc
                // says it is done with it (DeserializationComplete), so batch entries are deserialized in turn.
                if (Deserialize(next, out var problem) is { } message)
                {
                    _lent = (message, next);
                    Volatile.Write(ref _dispatching, message);
                    return message;
                }

                next.Return();

                if (_inbound.TryGetValue(next.Own, out var call))
                {
                    await RefuseAsync(next.Own, call, problem!, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            var (status, reply, error) = await ReadFrameAsync(cancellationToken).ConfigureAwait(false);
            switch (status)
            {
                case FrameStatus.Message:
                    if (reply is not null)
                    {
                        await ReplyAsync(reply, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case FrameStatus.Oversized:
                    // The skipped frame may have been the reply to any call of ours, and its id was never read:
                    // fail them all rather than let one wait forever.
                    Log("-", RpcStatusCode.ResourceExhausted, Stopwatch.GetTimestamp(), error);
                    FailOutstanding(JsonRpcErrorCodes.FromStatus(RpcStatusCode.ResourceExhausted), $"a reply could not be read: {error}", RpcStatusCode.ResourceExhausted);
                    await ReplyAsync(WireReplies.Status(null, RpcStatusCode.ResourceExhausted, error!), cancellationToken).ConfigureAwait(false);
                    break;
                case FrameStatus.Invalid:
                    // The frames are out of step and cannot be found again: say why, then hang up.
                    Log("-", RpcStatusCode.InvalidArgument, Stopwatch.GetTimestamp(), error);
                    await ReplyAsync(WireReplies.Error(null, JsonRpcErrorCodes.ParseError, $"{WireReplies.ParseError}: {error}"), cancellationToken).ConfigureAwait(false);
                    return null;
                default:
                    if (error is null)
                    {
                        await DrainAsync(cancellationToken).ConfigureAwait(false);
                    }

                    return null;
            }
        }
    }

    protected override async ValueTask WriteCoreAsync(JsonRpcMessage content, CancellationToken cancellationToken)
    {
        switch (content)
        {
            case RawMessage raw:
                await WriteFrameAsync(raw.Json).ConfigureAwait(false);
                break;
            case JsonRpcRequest request:
                var json = Serialize(request);
                if (json.Length > _options.MaxMessageSize)
                {
                    throw RpcException.ResourceExhausted($"the request of {json.Length} bytes exceeds the message size limit of {_options.MaxMessageSize} bytes");
                }

                if (request.RequestId.Number is { } id)
                {
                    _outstanding[id] = 0;
                }

                await WriteFrameAsync(json).ConfigureAwait(false);
                break;
            case IJsonRpcMessageWithId reply when reply.RequestId.Number is { } own && _inbound.TryGetValue(own, out var call):
                await WriteReplyAsync(content, own, call).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Nothing to do: each frame is handed to the sending task as it is written.</summary>
    protected override ValueTask FlushAsync(CancellationToken cancellationToken) => default;

    protected override void DisposeReader()
    {
        _reader.Complete();
        base.DisposeReader();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Every write is over (MessageHandlerBase disposes after the last): let what was written reach the socket,
            // within a grace, since a stuck peer must not hold the close up; closing the stream then ends the sender.
            _unsent.Writer.Complete();
            if (Interlocked.Read(ref _unsentBytes) > 0)
            {
                _sending.Wait(SendGrace);
            }

            _stream.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// One frame, taken in (<see cref="Accept"/>) while it is still in the pipe: a message, with the reply the handler
    /// owes for it now (if any), or why there is none.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(FrameStatus Status, byte[]? Reply, string? Error)> ReadFrameAsync(CancellationToken cancellationToken)
    {
        long wanted = 0, held = 0;
        while (true)
        {
            // A frame whose header gave its length is awaited in a few large pooled buffers, each twice what has come so
            // far (but no more than the frame needs), rather than the pipe's many small ones, more than the pool keeps
            // for a large message; doubling, a peer that announces a large frame and sends little gets little memory.
            var read = wanted > held
                ? await _reader.ReadAtLeastAsync((int)Math.Min(wanted, Math.Max(2 * held, MinGrowth)), cancellationToken).ConfigureAwait(false)
                : await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            var start = buffer.Start;
            var result = _decoder.Decode(ref buffer, out var payload);
            (wanted, held) = (result.Wanted, buffer.Length);
            if (result.Status == FrameStatus.Message)
            {
                // The message timeout counts from a frame's first byte to its last; bytes already here start the next.
                _options.Clock?.MessageEnded();
                if (!buffer.IsEmpty)
                {
                    _options.Clock?.MessageStarted();
                }

                _options.WireTap?.Invoke(WireDirection.Received, read.Buffer.Slice(start, buffer.Start).ToArray());

                // Read in place; only what is queued for StreamJsonRpc is copied out (a frame the pipe split, rarely, first).
                var reply = payload.IsSingleSegment ? Accept(payload.FirstSpan) : AcceptSplit(payload);
                _reader.AdvanceTo(buffer.Start);
                return (FrameStatus.Message, reply, null);
            }

            // Everything left is examined: wait for more bytes rather than spinning on the same ones.
            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (!buffer.IsEmpty)
            {
                _options.Clock?.MessageStarted();
            }

            if (result.Status is FrameStatus.Oversized or FrameStatus.Invalid)
            {
                return (result.Status, null, result.Error);
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                return (FrameStatus.EndOfStream, null, buffer.IsEmpty ? null : $"the stream ended inside a frame ({buffer.Length} bytes left over)");
            }
        }
    }

    /// <summary>A frame the pipe holds in several segments, taken in from a pooled copy (Accept copies what it keeps).</summary>
    private byte[]? AcceptSplit(ReadOnlySequence<byte> payload)
    {
        var length = (int)payload.Length;
        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            payload.CopyTo(copy);
            return Accept(copy.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>
    /// One frame's JSON: a message or a batch, told apart by its first byte, so a single message is parsed once (by
    /// <see cref="Envelope.Read"/>, which also finds a parse error). Returns the reply the handler owes now, or null.
    /// </summary>
    private byte[]? Accept(ReadOnlySpan<byte> payload)
    {
        Envelope? single = null;
        List<Range>? entries = null;
        try
        {
            // The reader checks a string's UTF-8 only when decoding it; a message must be valid as a whole. RFC 8259
            // lets a parser skip a byte order mark, but no JSON-RPC peer sends one, so it is an error like any other.
            if (!System.Text.Unicode.Utf8.IsValid(payload) || payload.StartsWith("\uFEFF"u8))
            {
                throw new JsonException("not valid UTF-8 JSON text");
            }

            if (IsBatch(payload))
            {
                entries = SplitBatch(payload);
            }
            else
            {
                single = Envelope.Read(payload, _names);
            }
        }
        catch (JsonException e)
        {
            Log("-", RpcStatusCode.InvalidArgument, Stopwatch.GetTimestamp(), $"parse error: {e.Message}");
            return WireReplies.Error(null, JsonRpcErrorCodes.ParseError, WireReplies.ParseError);
        }

        if (single is { } message)
        {
            return Handle(payload, message, batch: null);
        }

        if (entries!.Count == 0 || entries.Count > _options.MaxBatchSize)
        {
            Log("-", entries.Count == 0 ? RpcStatusCode.InvalidArgument : RpcStatusCode.ResourceExhausted, Stopwatch.GetTimestamp(), entries.Count == 0 ? "invalid request: an empty batch" : $"a batch of {entries.Count} entries");
            return entries.Count == 0
                ? WireReplies.Error(null, JsonRpcErrorCodes.InvalidRequest, WireReplies.InvalidRequest)
                : WireReplies.Status(null, RpcStatusCode.ResourceExhausted, $"a batch of {entries.Count} entries exceeds the limit of {_options.MaxBatchSize}; nothing in it was run");
        }

        var batch = new BatchReply();
        foreach (var entry in entries)
        {
            var json = payload[entry];
            if (Handle(json, Envelope.Read(json, _names), batch) is { } reply)
            {
                batch.Add(reply);
            }
        }

        return batch.Seal();
    }

    /// <summary>A batch is an array: the only JSON text whose first byte after any whitespace is <c>[</c>.</summary>
    private static bool IsBatch(ReadOnlySpan<byte> payload) => payload.IndexOfAnyExcept(" \t\r\n"u8) is var first and >= 0 && payload[first] == (byte)'[';

    /// <summary>Where each entry of a batch lies. Throws JsonException for text that is not one JSON array.</summary>
    private static List<Range> SplitBatch(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        reader.Read();
        var entries = new List<Range>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            entries.Add(start..(int)reader.BytesConsumed);
        }

        // A second value after the first is an error the reader reports itself.
        reader.Read();
        return entries;
    }

    /// <summary>
    /// One message (or batch entry): queued for StreamJsonRpc under an id of the handler's own, or answered here.
    /// Returns the reply to send now (an error, a refusal), or null.
    /// </summary>
    private byte[]? Handle(ReadOnlySpan<byte> json, in Envelope envelope, BatchReply? batch)
    {
        switch (envelope.Kind)
        {
            case EnvelopeKind.Invalid:
                Log("-", RpcStatusCode.InvalidArgument, Stopwatch.GetTimestamp(), $"invalid request: {envelope.Problem}");
                return WireReplies.Error(envelope.Id, JsonRpcErrorCodes.InvalidRequest, WireReplies.InvalidRequest);
            case EnvelopeKind.Response:
                AcceptResponse(json, envelope);
                return null;
            case EnvelopeKind.BrokenResponse:
                // Never answered (two peers could answer each other forever), but the call it names must not wait on.
                Log("-", RpcStatusCode.InvalidArgument, Stopwatch.GetTimestamp(), $"ignored a malformed response: {envelope.Problem}");
                if (envelope.Id?.Number is { } broken && _outstanding.TryRemove(broken, out _))
                {
                    _ready.Enqueue(Queued.Made(WireReplies.ErrorFor(broken, JsonRpcErrorCodes.InternalError, $"malformed response: {envelope.Problem}", RpcStatusCode.Internal)));
                }

                return null;
        }

        var method = envelope.Method!;
        if (method == CancelRequest)
        {
            return Cancel(json, envelope);
        }

        var counted = method != EnumeratorAbort;
        if (counted && Volatile.Read(ref _counted) >= _options.MaxConcurrentRequests)
        {
            var detail = $"too many concurrent requests on this connection (limit {_options.MaxConcurrentRequests})";
            Log(method, RpcStatusCode.ResourceExhausted, Stopwatch.GetTimestamp(), detail);
            return envelope.Kind == EnvelopeKind.Request ? WireReplies.Status(envelope.Id, RpcStatusCode.ResourceExhausted, detail) : null;
        }

        var own = Interlocked.Increment(ref _nextId);
        var id = envelope.Kind == EnvelopeKind.Request ? envelope.Id : null;
        if (counted)
        {
            Interlocked.Increment(ref _counted);
        }

        if (id is not null)
        {
            batch?.Expect();
        }

        _inbound[own] = new InboundCall(method, id, id is null ? null : batch, Stopwatch.GetTimestamp(), counted, envelope.ParamsHoldNull);
        var rewritten = ArrayPool<byte>.Shared.Rent(json.Length + WireReplies.MaxIdGrowth);
        _ready.Enqueue(new Queued(rewritten, WireReplies.WithId(json, envelope, own, rewritten), own, Pooled: true));
        return null;
    }

    /// <summary>
    /// StreamJsonRpc's message for JSON the envelope check passed, or null (and why) when its formatter still cannot
    /// read it: a top-level member it reads with a type of its own, such as a <c>traceparent</c> that is not a string.
    /// </summary>
    private JsonRpcMessage? Deserialize(Queued json, out string? problem)
    {
        try
        {
            problem = null;
            return Formatter.Deserialize(new ReadOnlySequence<byte>(json.Buffer, 0, json.Length));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            problem = e.Message;
            return null;
        }
    }

    /// <summary>A call of the peer StreamJsonRpc cannot take after all: an invalid request, answered here.</summary>
    private async ValueTask RefuseAsync(long own, InboundCall call, string problem, CancellationToken cancellationToken)
    {
        Log(call.Method, RpcStatusCode.InvalidArgument, call.Started, $"invalid request: {problem}");
        Finish(own, call);
        if (call.Id is null)
        {
            return;
        }

        var reply = WireReplies.Error(call.Id, JsonRpcErrorCodes.InvalidRequest, WireReplies.InvalidRequest);
        var frame = call.Batch is null ? reply : call.Batch.Complete(reply);
        if (frame is not null)
        {
            await ReplyAsync(frame, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A response: passed on when it answers a request of this end's, else dropped (StreamJsonRpc would hang up).</summary>
    private void AcceptResponse(ReadOnlySpan<byte> json, in Envelope envelope)
    {
        if (envelope.Id?.Number is { } id && _outstanding.TryRemove(id, out _))
        {
            var copy = ArrayPool<byte>.Shared.Rent(json.Length);
            json.CopyTo(copy);
            _ready.Enqueue(new Queued(copy, json.Length, 0, Pooled: true));
        }
        else if (envelope.Error is { } error && envelope.Id == MessageId.Null)
        {
            // The peer could not read one of our messages and cannot say which (as for an oversized frame):
            // rather than let that call wait forever, fail every call waiting.
            FailOutstanding(error.Code, error.Message, error.Status);
        }
    }

    /// <summary>
    /// <c>$/cancelRequest</c> names the peer's id; StreamJsonRpc knows the request by the handler's. An id that is
    /// unknown, finished or not yet arrived is ignored, as StreamJsonRpc does; sent as a request it is answered null.
    /// </summary>
    private byte[]? Cancel(ReadOnlySpan<byte> json, in Envelope envelope)
    {
        if (envelope.Params is { } parameters && Envelope.ReadIdParameter(json[parameters]) is { } target)
        {
            foreach (var (own, call) in _inbound)
            {
                if (call.Id?.Key == target.Key)
                {
                    _ready.Enqueue(Queued.Made(WireReplies.CancelRequest(own)));
                }
            }
        }

        return envelope.Kind == EnvelopeKind.Request ? WireReplies.NullResult(envelope.Id!) : null;
    }

    private void FailOutstanding(int code, string message, RpcStatusCode? status)
    {
        foreach (var id in _outstanding.Keys)
        {
            if (_outstanding.TryRemove(id, out _))
            {
                _ready.Enqueue(Queued.Made(WireReplies.ErrorFor(id, code, message, status)));
            }
        }
    }

    /// <summary>StreamJsonRpc's reply to a call of the peer: logged, the peer's id put back, within the size limit.</summary>
    private async ValueTask WriteReplyAsync(JsonRpcMessage reply, long own, InboundCall call)
    {
        var released = false;
        try
        {
            var (status, detail) = reply is JsonRpcError { Error: { } error }
                ? error.Data is ErrorData data ? (data.Status, data.LogDetail ?? error.Message) : (JsonRpcErrorCodes.ToStatus((int)error.Code), error.Message)
                : (RpcStatusCode.OK, null);
            ReadOnlyMemory<byte>? json = null;
            if (call.Id is { } id)
            {
                try
                {
                    var rewritten = _rewritten.Reset(RetainedBufferSize);
                    WireReplies.WithPeerId(Serialize(reply).Span, id, rewritten);
                    json = rewritten.WrittenMemory;
                }
                catch (JsonException e)
                {
                    (status, detail) = (RpcStatusCode.Internal, $"the result could not be serialized: {e.InnerException?.Message ?? e.Message}");
                    json = WireReplies.Error(id, JsonRpcErrorCodes.InternalError, "Internal error: the result could not be serialized");
                }

                if (json.Value.Length > _options.MaxMessageSize)
                {
                    (status, detail) = (RpcStatusCode.ResourceExhausted, $"the reply of {json.Value.Length} bytes exceeds the message size limit of {_options.MaxMessageSize} bytes");
                    json = WireReplies.Status(id, status, detail);
                }
            }

            // Logged when done, before the reply goes out (a peer that reads no replies still sees its calls logged).
            // A notification's reply is dropped: StreamJsonRpc answered it only because the handler asked as a request.
            Log(call.Method, status, call.Started, detail);

            // The call stops counting before its reply goes out: a peer that reads the reply may send its next request
            // at once, and must not find the call it was just answered still counted against it. Replies are written
            // one at a time (StreamJsonRpc holds its send lock around this), so a peer that reads no replies still
            // holds at most one call beyond the limit, and the refusals, written by the reading side, stop it reading on.
            Release(call);
            released = true;
            if (json is { } bytes)
            {
                if (call.Batch is null)
                {
                    await WriteFrameAsync(bytes).ConfigureAwait(false);
                }
                else if (call.Batch.Complete(bytes.ToArray()) is { } all)
                {
                    await WriteFrameAsync(all).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // Still in _inbound until written, so a drain waits for the last reply to be out.
            Finish(own, call, released);
        }
    }

    private void Release(InboundCall call)
    {
        if (call.Counted)
        {
            Interlocked.Decrement(ref _counted);
        }
    }

    private void Finish(long own, InboundCall call, bool released = false)
    {
        _inbound.TryRemove(own, out _);
        if (!released)
        {
            Release(call);
        }

        if (_inbound.IsEmpty)
        {
            Volatile.Read(ref _drained)?.TrySetResult();
        }
    }

    /// <summary>
    /// The peer ended its side cleanly. It may be a half-close (the peer still reads, as <c>nc -N</c> does), so the
    /// requests already received may finish and reply, within the grace; a peer that is gone looks the same.
    /// </summary>
    private async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _drained, drained);
        if (_inbound.IsEmpty)
        {
            return;
        }

        await drained.Task.WaitAsync(_options.HalfCloseGrace, cancellationToken).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
    }

    private ValueTask ReplyAsync(byte[] json, CancellationToken cancellationToken) => WriteAsync(new RawMessage(json), cancellationToken);

    /// <summary>The message as StreamJsonRpc's formatter writes it, in a buffer valid until the next write.</summary>
    private ReadOnlyMemory<byte> Serialize(JsonRpcMessage message)
    {
        var buffer = _serialized.Reset(RetainedBufferSize);
        Formatter.Serialize(buffer, message);
        return buffer.WrittenMemory;
    }

    private async ValueTask WriteFrameAsync(ReadOnlyMemory<byte> json)
    {
        var frame = _frame.Reset(RetainedBufferSize);
        _options.Framer.WriteFrame(frame, json.Span);

        // The tap may keep what it is given; the frame buffer is reused.
        _options.WireTap?.Invoke(WireDirection.Sent, frame.WrittenMemory.ToArray());

        // A whole frame at a time: a torn frame would put the peer out of step. Waits only while the peer is behind.
        // Copied into one buffer of the pipe's, as large as the frame (PipeWriter.WriteAsync would take one small
        // buffer after another, more than the pool keeps, for a large frame).
        var length = frame.WrittenMemory.Length;
        Interlocked.Add(ref _unsentBytes, length);
        frame.WrittenSpan.CopyTo(_unsent.Writer.GetSpan(length));
        _unsent.Writer.Advance(length);
        var written = await _unsent.Writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (written.IsCompleted || written.IsCanceled)
        {
            throw new IOException("the connection is closed: the frame was not sent");
        }
    }

    /// <summary>
    /// The one task that writes to the socket, all the frames waiting at once. A failed write (the peer went) ends it
    /// and the writers after it see the connection closed.
    /// </summary>
    private async Task SendAsync()
    {
        try
        {
            while (true)
            {
                var read = await _unsent.Reader.ReadAsync().ConfigureAwait(false);
                foreach (var segment in read.Buffer)
                {
                    await _stream.WriteAsync(segment).ConfigureAwait(false);
                }

                var sent = read.Buffer.Length;
                _unsent.Reader.AdvanceTo(read.Buffer.End);
                Interlocked.Add(ref _unsentBytes, -sent);
                if (read.IsCompleted)
                {
                    break;
                }
            }

            await _unsent.Reader.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            await _unsent.Reader.CompleteAsync(e).ConfigureAwait(false);
        }
    }

    private void Log(string method, RpcStatusCode status, long started, string? detail)
    {
        if (_options.CallLog is { } log && !method.StartsWith("$/", StringComparison.Ordinal))
        {
            log(new CallRecord("jsonrpc", method, status, Stopwatch.GetElapsedTime(started), _options.Peer, detail));
        }
    }

    /// <summary>
    /// A message read and ready for StreamJsonRpc: its JSON (the first <paramref name="Length"/> bytes of
    /// <paramref name="Buffer"/>), and the handler's id for a call of the peer (0 for anything else). A copy of what
    /// the peer sent is in a buffer from the pool, returned once StreamJsonRpc is done with it; what the handler made
    /// up itself is not pooled.
    /// </summary>
    private readonly record struct Queued(byte[] Buffer, int Length, long Own, bool Pooled)
    {
        public static Queued Made(byte[] json) => new(json, json.Length, 0, Pooled: false);

        public void Return()
        {
            if (Pooled)
            {
                ArrayPool<byte>.Shared.Return(Buffer);
            }
        }
    }
}
