using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Raw.Framing;
using RpcLab.Transports.Raw.Protocol;
using RpcLab.Transports.Raw.Types;

namespace RpcLab.Transports.Raw.Server;

/// <summary>
/// One accepted connection: a read loop that cuts frames, reads each as a message and acts on it at once, and
/// the calls in progress, by id. A request's procedure starts on the read loop and runs there until its first
/// await (a quick call answers without a thread switch); items, ends, cancels and grants go to their call. A
/// malformed message is answered with a Protocol Error and the loop goes on (the frame boundary is intact); a
/// frame over the limit, a truncated frame, a frame not whole within the message timeout or a connection idle past
/// the idle timeout ends this connection only. While more than
/// <see cref="SendBudget"/> bytes of answers wait to be sent (a peer that reads slowly or not at all), the loop
/// reads no further requests: the peer's own sends back up instead of the server's memory. Thread-safe.
/// </summary>
internal sealed class ServerConnection
{
    private readonly RawServer _server;
    private readonly Socket _socket;
    private readonly FrameReader _reader;
    private readonly FrameWriter _writer;
    private readonly ConcurrentDictionary<long, ServerCall> _calls = new();
    private readonly ConnectionLease _lease;
    private readonly ConnectionClock _clock;
    private string? _client;
    private int _closing;
    private long _unsent;
    private TaskCompletionSource? _drained;
    private string? _expired;

    internal ServerConnection(RawServer server, Socket socket, ConnectionLease lease)
    {
        _server = server;
        _socket = socket;
        _lease = lease;
        Peer = socket.RemoteEndPoint?.ToString() ?? "?";
        _reader = new FrameReader(socket, server.Options.MaxMessageSize, server.ReadTimeout);
        _writer = new FrameWriter(socket, server.Raw.StallTimeout);
        _clock = server.Timeouts.Watch(Peer, () => !_calls.IsEmpty, () => Expire("closed: idle for too long"));
    }

    public string Peer { get; }

    internal int MaxMessageSize => _server.Options.MaxMessageSize;

    /// <summary>Bytes of built frames waiting to be sent beyond which the read loop pauses: the server's budget, at least one message.</summary>
    private long SendBudget => Math.Max(_server.Options.MaxQueuedBytes, _server.Options.MaxMessageSize);

    internal bool IsClosing => Volatile.Read(ref _closing) != 0;

    internal bool Stopping { get; private set; }

    internal Task Completion { get; private set; } = Task.CompletedTask;

    // On the thread pool: a client that sent its first frames already would otherwise be served on the accept loop.
    internal void Start() => Completion = Task.Run(RunAsync);

    /// <summary>The server is stopping: cancel every call, give them a moment to say so, then close.</summary>
    internal async Task StopAsync()
    {
        Stopping = true;
        await EndCallsAsync(cancel: true).ConfigureAwait(false);
        Close();
        await Completion.ConfigureAwait(false);
    }

    internal void Forget(ServerCall call) => _calls.TryRemove(new KeyValuePair<long, ServerCall>(call.Id, call));

    /// <summary>False when nobody reads call records (no observer, no call log): then none is made.</summary>
    internal bool LogsCalls => _server.Observer is not null || _server.Options.CallLog is not null;

    internal void Finished(RawCallRecord record) => _server.OnCallFinished(record);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    internal async ValueTask SendAsync(ReadOnlyMemory<byte> frame)
    {
        Interlocked.Add(ref _unsent, frame.Length);
        try
        {
            await _writer.SendAsync(frame).ConfigureAwait(false);
        }
        catch (FrameException)
        {
            // A peer that does not read cannot be answered any more; it must not keep our calls waiting either.
            Close();
            throw;
        }
        finally
        {
            if (Interlocked.Add(ref _unsent, -frame.Length) <= SendBudget)
            {
                Interlocked.Exchange(ref _drained, null)?.TrySetResult();
            }
        }
    }

    /// <summary>Sends, ignoring a connection that is gone (its calls end anyway).</summary>
    internal async ValueTask TrySendAsync(ReadOnlyMemory<byte> frame)
    {
        try
        {
            await SendAsync(frame).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // Nothing to tell a peer that is gone.
        }
    }

    internal async ValueTask TrySendExceptionAsync(long? id, RawCallException failure)
    {
        using var message = MessageBuilder.Start(MessageKind.Exception, id);
        var writer = message.Writer;
        writer.WriteString(MessageNames.Type, failure.TypeName);
        writer.WriteString(MessageNames.Message, Shorten(failure.Detail));
        writer.WriteString(MessageNames.Status, failure.Status.ToString());
        await TrySendAsync(message.Finish(int.MaxValue)).ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        string? reason = null;
        try
        {
            _server.Observer?.ConnectionOpened(Peer);
            await ReadLoopAsync().ConfigureAwait(false);

            // The peer closed its sending side: the calls in progress may still answer (a client may half-close
            // after its last request), for as long as a stalled frame would be allowed.
            await EndCallsAsync(cancel: false).ConfigureAwait(false);
        }
        catch (FrameException e)
        {
            reason = e.Message;
            if (e.Error == FrameError.Stalled)
            {
                _server.LogConnection(Peer, RpcStatusCode.DeadlineExceeded, $"closed the connection: {e.Message}");
            }

            if (e.Error == FrameError.TooLarge)
            {
                // Refused from the prefix: the payload is never read, so the stream has no next frame to find.
                await TrySendExceptionAsync(null, new RawCallException(RawExceptionType.MessageTooLarge, e.Message)).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            reason = Volatile.Read(ref _expired) ?? (IsClosing ? null : e.Message);
        }
        catch (Exception e)
        {
            // A bug of ours: it ends this connection, says so in the log, and the server goes on serving the others.
            reason = $"closed after an unexpected {e.GetType().Name}: {e.Message}";
        }
        finally
        {
            Close();
            _clock.Dispose();
            await EndCallsAsync(cancel: true).ConfigureAwait(false);
            _reader.Dispose();
            _lease.Dispose();
            _server.OnConnectionClosed(this, reason);
        }
    }

    private async Task ReadLoopAsync()
    {
        while (true)
        {
            if (Volatile.Read(ref _unsent) > SendBudget)
            {
                await DrainedAsync().ConfigureAwait(false);
            }

            if (await _reader.ReadAsync().ConfigureAwait(false) is not { } frame)
            {
                return;
            }

            // Activity, for the idle timeout (the reader keeps each frame's own deadline).
            _clock.MessageEnded();

            var pending = OnFrame(frame[FrameLayout.PrefixSize..].Span);
            if (!pending.IsCompletedSuccessfully)
            {
                await pending.ConfigureAwait(false);
            }
        }
    }

    private ValueTask OnFrame(ReadOnlySpan<byte> payload)
    {
        MessageView message;
        try
        {
            message = MessageParser.Parse(payload);
        }
        catch (ProtocolException e)
        {
            var refusal = new RawCallException(RawExceptionType.ProtocolError, e.Message);
            _server.Observer?.ProtocolError(Peer, e.Message);
            _server.LogConnection(Peer, refusal.Status, $"protocol error: {e.Message}");
            return TrySendExceptionAsync(e.Id, refusal);
        }

        var id = message.Id.GetValueOrDefault();
        if (message.Kind == MessageKind.Request)
        {
            return StartCall(ref message);
        }

        if (message.Kind is MessageKind.Response or MessageKind.Exception)
        {
            _server.Observer?.ProtocolError(Peer, $"a client sent a {MessageNames.HeaderOf(message.Kind)}");
            return TrySendExceptionAsync(message.Id, new RawCallException(RawExceptionType.ProtocolError, $"a server takes request, item, end, cancel and more messages, not {MessageNames.HeaderOf(message.Kind)}"));
        }

        // Items, ends, cancels and grants for a call that has just finished are normal (they crossed its answer): ignored.
        if (_calls.TryGetValue(id, out var call))
        {
            switch (message.Kind)
            {
                case MessageKind.Item:
                    call.OnItem(ref message);
                    break;
                case MessageKind.End:
                    call.OnEnd();
                    break;
                case MessageKind.Cancel:
                    call.OnCancel();
                    break;
                case MessageKind.More:
                    call.OnMore(message.Count);
                    break;
            }
        }

        return default;
    }

    private ValueTask StartCall(ref MessageView message)
    {
        var id = message.Id!.Value;
        var started = Stopwatch.GetTimestamp();
        if (message.Client is { } client && !string.Equals(client, _client, StringComparison.Ordinal))
        {
            _client = client;
            _server.Observer?.ClientPresented(Peer, client);
        }

        RawProcedure procedure;
        object?[] args;
        try
        {
            if (_calls.ContainsKey(id))
            {
                throw new RawCallException(RawExceptionType.ProtocolError, string.Create(CultureInfo.InvariantCulture, $"call {id} is already in progress on this connection"));
            }

            if (_calls.Count >= _server.Raw.MaxCallsPerConnection)
            {
                throw new RawCallException(
                    RawExceptionType.ExecutionException,
                    string.Create(CultureInfo.InvariantCulture, $"this connection already has {_calls.Count} calls in progress"),
                    RpcStatusCode.ResourceExhausted);
            }

            procedure = _server.Table.Find(message.Service!, message.Rpc!, message.ArgTypes!, message.ReturnTypes, message.Client);
            try
            {
                args = Signature.ReadValues(ref message.Values, procedure.Signature.Args, "argument");
            }
            catch (InvalidValueException e)
            {
                throw new RawCallException(RawExceptionType.InvalidArguments, $"{procedure.Describe()}: {e.Message}");
            }
        }
        catch (RawCallException e)
        {
            _server.OnCallFinished(new RawCallRecord(Peer, message.Client, message.Service!, message.Rpc!, message.ArgTypes!, e, Stopwatch.GetElapsedTime(started)));
            return TrySendExceptionAsync(id, e);
        }

        var call = new ServerCall(this, id, procedure, message.Client, message.TimeoutMs, started);
        call.Start(args);

        // Items, cancels and grants for this call are read by this same loop, after this returns: a call that has
        // already finished (a quick unary call, answered on this thread) needs no entry in the table at all.
        if (!call.Completion.IsCompleted)
        {
            _calls[id] = call;
            if (call.Completion.IsCompleted)
            {
                // Finished on another thread between the check and the entry: its own removal came too early.
                Forget(call);
            }
        }

        return default;
    }

    // Completes when the answers waiting to be sent are back under the budget (or the connection closes).
    private Task DrainedAsync()
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var drained = Interlocked.CompareExchange(ref _drained, waiter, null) ?? waiter;

        // Checked again after publishing the waiter: a send that finished in between would not have seen it.
        if (Volatile.Read(ref _unsent) <= SendBudget || IsClosing)
        {
            drained.TrySetResult();
        }

        return drained.Task;
    }

    // Waits for the calls in progress (cancelled first when asked) for a bounded time, then cancels what is left.
    private async Task EndCallsAsync(bool cancel)
    {
        if (cancel)
        {
            foreach (var call in _calls.Values)
            {
                call.Abort();
            }
        }

        var running = _calls.Values.Select(c => c.Completion).ToArray();
        if (running.Length == 0)
        {
            return;
        }

        var grace = cancel ? _server.Raw.ShutdownGrace : _server.Raw.StallTimeout;
        try
        {
            await Task.WhenAll(running).WaitAsync(grace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            foreach (var call in _calls.Values)
            {
                call.Abort();
            }
        }
    }

    // The connection timed out (its clock, on a timer thread): the read loop fails and ends it, giving this reason.
    private void Expire(string reason)
    {
        Volatile.Write(ref _expired, reason);
        Close();
    }

    private void Close()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already reset by the peer.
        }

        _socket.Dispose();
        Interlocked.Exchange(ref _drained, null)?.TrySetResult();
    }

    // An exception message stays well under any sane limit, whatever a procedure put in its message.
    private static string Shorten(string detail) => detail.Length <= 4096 ? detail : detail[..4093] + "...";
}
