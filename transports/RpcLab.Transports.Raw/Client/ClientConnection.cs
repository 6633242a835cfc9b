using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Raw.Framing;
using RpcLab.Transports.Raw.Protocol;

namespace RpcLab.Transports.Raw.Client;

/// <summary>
/// One TCP connection to a raw server, shared by every call made through it: each call has an id, requests
/// and stream items of concurrent calls interleave frame by frame, and one read loop hands each answer to its
/// call. A caller's cancellation or deadline ends its call at once and tells the server (cancel). A lost
/// connection fails every call on it with Unavailable. The wire tap, if any, sees every frame both ways.
/// Thread-safe.
/// </summary>
public sealed class ClientConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly FrameReader _reader;
    private readonly FrameWriter _writer;
    private readonly int _maxMessageSize;
    private readonly Action<WireDirection, ReadOnlyMemory<byte>>? _tap;
    private readonly ConcurrentDictionary<long, ClientCall> _calls = new();
    private readonly TaskCompletionSource _readingEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastId;
    private Exception? _closed;

    private ClientConnection(Socket socket, string endpoint, int maxMessageSize, RawOptions raw, Action<WireDirection, ReadOnlyMemory<byte>>? tap)
    {
        _socket = socket;
        Endpoint = endpoint;
        _maxMessageSize = maxMessageSize;
        _tap = tap;
        _reader = new FrameReader(socket, maxMessageSize, raw.StallTimeout);
        _writer = new FrameWriter(socket, raw.StallTimeout);
        ReadInBackground();
    }

    /// <summary>host:port of the server.</summary>
    public string Endpoint { get; }

    /// <summary>False once the connection has closed (it is never reopened; make a new one).</summary>
    public bool IsOpen => Volatile.Read(ref _closed) is null;

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>; a refused or unreachable server is Unavailable.</summary>
    public static async Task<ClientConnection> ConnectAsync(string host, int port, int maxMessageSize, RawOptions? raw = null, Action<WireDirection, ReadOnlyMemory<byte>>? tap = null, CancellationToken cancellationToken = default)
    {
        var endpoint = string.Create(CultureInfo.InvariantCulture, $"{host}:{port}");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new RpcException(RpcStatusCode.Unavailable, $"cannot connect to {endpoint}: {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new ClientConnection(socket, endpoint, maxMessageSize, raw ?? RawOptions.Default, tap);
    }

    /// <summary>
    /// A call answered by a response (unary or client streaming): sends the request (and then the items of
    /// <paramref name="requestStream"/>, as the server grants room) and returns the spec's reading of the response.
    /// Throws <see cref="RawCallException"/> for an exception message, <see cref="RpcException"/> (Unavailable)
    /// for a lost connection, <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public Task<object?> CallAsync(ClientCallSpec spec, object?[] args, IAsyncEnumerable<object?>? requestStream, TimeSpan? timeout, string? client, CancellationToken cancellationToken)
    {
        if (requestStream is not null || cancellationToken.CanBeCanceled)
        {
            return CallUntilEndedAsync(spec, args, requestStream, timeout, client, cancellationToken);
        }

        // The common small call: nothing can abandon it, so only its answer or a lost connection ends it, and the read
        // loop or Close takes it out of the table. No wrapper between the caller and the call's own result.
        ClientCall call;
        try
        {
            call = Register(spec, streamsResult: false, streamsRequest: false);
        }
        catch (Exception e)
        {
            // Closed already: the caller sees a failed call, as from any other call, not an exception from this method.
            return Task.FromException<object?>(e);
        }

        var sending = SendRequestAsync(call, args, requestStream: null, timeout, client);
        return sending.IsCompletedSuccessfully ? call.Result : AfterSendingAsync(sending, call);
    }

    // A call its caller may abandon (a token, a deadline) or that sends a request stream: when it ends, however it
    // ends, the server is told to forget it if it has not ended it already.
    private async Task<object?> CallUntilEndedAsync(ClientCallSpec spec, object?[] args, IAsyncEnumerable<object?>? requestStream, TimeSpan? timeout, string? client, CancellationToken cancellationToken)
    {
        var call = Register(spec, streamsResult: false, requestStream is not null);
        try
        {
            await SendRequestAsync(call, args, requestStream, timeout, client).ConfigureAwait(false);
            using var cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((ClientCall)state!).Fail(new OperationCanceledException(token)), call);
            return await call.Result.ConfigureAwait(false);
        }
        finally
        {
            Forget(call);
        }
    }

    private async Task<object?> AfterSendingAsync(Task sending, ClientCall call)
    {
        try
        {
            await sending.ConfigureAwait(false);
        }
        catch
        {
            Forget(call);
            throw;
        }

        return await call.Result.ConfigureAwait(false);
    }

    /// <summary>A call answered by a stream (server streaming or bidirectional): its items as they arrive. Failures as <see cref="CallAsync"/>.</summary>
    public async IAsyncEnumerable<object?> StreamAsync(ClientCallSpec spec, object?[] args, IAsyncEnumerable<object?>? requestStream, TimeSpan? timeout, string? client, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var call = Register(spec, streamsResult: true, requestStream is not null);
        try
        {
            await SendRequestAsync(call, args, requestStream, timeout, client).ConfigureAwait(false);
            using var cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((ClientCall)state!).Fail(new OperationCanceledException(token)), call);
            await foreach (var item in call.Items!.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            Forget(call);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close(new RpcException(RpcStatusCode.Cancelled, "the client was disposed"));
        await _readingEnded.Task.ConfigureAwait(false);
    }

    private ClientCall Register(ClientCallSpec spec, bool streamsResult, bool streamsRequest)
    {
        if (Volatile.Read(ref _closed) is { } closed)
        {
            throw Copy(closed);
        }

        var call = new ClientCall(Interlocked.Increment(ref _lastId), spec, streamsResult, streamsRequest, GrantAsync);
        _calls[call.Id] = call;
        if (Volatile.Read(ref _closed) is { } closedMeanwhile)
        {
            // Closed between the check and the add: Close may have missed this call.
            call.Fail(Copy(closedMeanwhile));
        }

        return call;
    }

    // The caller is done with the call. If the server has not ended it (the caller cancelled, its deadline passed,
    // or it stopped reading a stream), the server is told to forget it too.
    private void Forget(ClientCall call)
    {
        if (_calls.TryRemove(new KeyValuePair<long, ClientCall>(call.Id, call)))
        {
            call.Fail(new OperationCanceledException("the caller left the call"));
            if (call.RequestSent)
            {
                _ = SendControlAsync(MessageKind.Cancel, call.Id);
            }
        }
    }

    private async Task SendRequestAsync(ClientCall call, object?[] args, IAsyncEnumerable<object?>? requestStream, TimeSpan? timeout, string? client)
    {
        using (var message = MessageBuilder.Start(MessageKind.Request, call.Id))
        {
            var writer = message.Writer;
            call.Spec.WriteRequest(writer, args);
            if (timeout is { } t)
            {
                writer.WriteNumber(MessageNames.TimeoutMs, (long)Math.Ceiling(Math.Max(t.TotalMilliseconds, 0)));
            }

            if (client is not null)
            {
                writer.WriteString(MessageNames.Client, client);
            }

            ReadOnlyMemory<byte> frame;
            try
            {
                frame = message.Finish(_maxMessageSize);
            }
            catch (RawCallException e)
            {
                // Too large to send: the caller sees it as the spec presents failures.
                throw call.Spec.Failure(e);
            }

            call.RequestSent = true;
            await SendAsync(frame).ConfigureAwait(false);
        }

        if (requestStream is not null)
        {
            _ = PumpAsync(call, requestStream);
        }
    }

    // Sends the request stream's items, each once the server has granted room, then end. Stops when the call ends.
    private async Task PumpAsync(ClientCall call, IAsyncEnumerable<object?> items)
    {
        var stop = call.PumpToken;
        try
        {
            await foreach (var item in items.WithCancellation(stop).ConfigureAwait(false))
            {
                await call.Credits!.WaitAsync(stop).ConfigureAwait(false);
                using var message = MessageBuilder.Start(MessageKind.Item, call.Id);
                message.Writer.WritePropertyName(MessageNames.Item);
                call.Spec.WriteItem(message.Writer, item);
                await SendAsync(message.Finish(_maxMessageSize)).ConfigureAwait(false);
            }

            await SendControlAsync(MessageKind.End, call.Id).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The call ended (answered, failed or cancelled): the rest of the stream is not wanted.
        }
        catch (Exception e)
        {
            // The caller's stream failed, or an item was too large: the call fails with it, and Forget tells the server.
            call.Fail(e);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendAsync(ReadOnlyMemory<byte> frame)
    {
        _tap?.Invoke(WireDirection.Sent, frame);
        try
        {
            await _writer.SendAsync(frame).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            var lost = Lost(e.Message);
            Close(lost);
            throw lost;
        }
    }

    private async Task SendControlAsync(MessageKind kind, long id, int count = 0)
    {
        try
        {
            using var message = MessageBuilder.Start(kind, id);
            if (count > 0)
            {
                message.Writer.WriteNumber(MessageNames.Count, count);
            }

            await SendAsync(message.Finish(_maxMessageSize)).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // The connection is gone; so is the call.
        }
    }

    private ValueTask GrantAsync(ClientCall call, int count) => new(SendControlAsync(MessageKind.More, call.Id, count));

    private void ReadInBackground() => ThreadPool.UnsafeQueueUserWorkItem(static connection => _ = connection.ReadLoopAsync(), this, preferLocal: false);

    // Reads frames and hands each to its call. A unary answer is where the latency is: when no other frame is waiting
    // in the buffer, the reading goes on in a fresh loop on the thread pool and this thread completes the call inline,
    // so the caller continues here at once, without a thread switch; its next request usually leaves before the
    // fresh loop has even asked for the next bytes. The fresh loop is already on its way, so a caller that blocks
    // this thread (waiting synchronously for another call) cannot stop the reading its own answer needs.
    private async Task ReadLoopAsync()
    {
        Exception reason;
        try
        {
            while (await _reader.ReadAsync().ConfigureAwait(false) is { } frame)
            {
                _tap?.Invoke(WireDirection.Received, frame);
                var (fatal, answered, value) = Dispatch(frame[FrameLayout.PrefixSize..].Span);
                if (fatal is not null)
                {
                    Close(fatal);
                    EndReading();
                    return;
                }

                if (answered is null)
                {
                    continue;
                }

                if (_reader.HasBufferedBytes)
                {
                    // More is waiting: this loop reads on, and the caller continues elsewhere.
                    answered.Complete(value, inline: false);
                    continue;
                }

                ReadInBackground();
                answered.Complete(value, inline: true);
                return;
            }

            reason = Lost("the server closed the connection");
        }
        catch (FrameException e) when (e.Error == FrameError.TooLarge)
        {
            reason = new RawCallException(RawExceptionType.MessageTooLarge, $"a reply was refused: {e.Message}", inner: e);
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            reason = Lost(e.Message);
        }

        Close(reason);
        EndReading();
    }

    private void EndReading()
    {
        _reader.Dispose();
        _readingEnded.TrySetResult();
    }

    // Hands one message to its call. Returns the error that ends the connection, if any, or the unary call the
    // message answers with its result, for the read loop to complete.
    private (Exception? Fatal, ClientCall? Answered, object? Value) Dispatch(ReadOnlySpan<byte> payload)
    {
        MessageView message;
        try
        {
            message = MessageParser.Parse(payload);
        }
        catch (ProtocolException e)
        {
            return (new RawCallException(RawExceptionType.ProtocolError, $"the server sent an invalid message: {e.Message}"), null, null);
        }

        var id = message.Id.GetValueOrDefault();
        ClientCall? call;
        switch (message.Kind)
        {
            case MessageKind.Response:
                if (_calls.TryRemove(id, out call) && call.TryReadResponse(ref message, out var value))
                {
                    return (null, call, value);
                }

                break;
            case MessageKind.Exception:
                var failure = new RawCallException(
                    RawExceptionTypes.Parse(message.Type!),
                    message.Message!,
                    Enum.TryParse<RpcStatusCode>(message.Status, out var status) ? status : null);
                if (message.Id is null)
                {
                    // About the whole connection (our frame was too large to read): the server closes it.
                    return (failure, null, null);
                }

                if (_calls.TryRemove(id, out call))
                {
                    call.Fail(failure);
                }

                break;
            case MessageKind.Item:
                if (_calls.TryGetValue(id, out call))
                {
                    call.OnItem(ref message.Item);
                }

                break;
            case MessageKind.End:
                if (_calls.TryRemove(id, out call))
                {
                    call.OnEnd();
                }

                break;
            case MessageKind.More:
                if (_calls.TryGetValue(id, out call))
                {
                    call.Credits?.Grant(message.Count);
                }

                break;
            default:
                return (new RawCallException(RawExceptionType.ProtocolError, $"the server sent a {MessageNames.HeaderOf(message.Kind)} message, which only clients send"), null, null);
        }

        return default;
    }

    private RpcException Lost(string why) => new(RpcStatusCode.Unavailable, $"the connection to {Endpoint} was lost: {why}");

    private void Close(Exception reason)
    {
        if (Interlocked.CompareExchange(ref _closed, reason, null) is not null)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already reset.
        }

        _socket.Dispose();
        foreach (var call in _calls.Values)
        {
            call.Fail(Copy(reason));
        }

        _calls.Clear();
    }

    // Each waiting caller gets its own exception object: one thrown on many threads would mix their stack traces.
    private static Exception Copy(Exception reason) => reason switch
    {
        RpcException rpc => new RpcException(rpc.Status, rpc.Detail, reason),
        RawCallException raw => new RawCallException(raw.Type, raw.Detail, raw.Status, reason),
        _ => new RpcException(RpcStatusCode.Unavailable, reason.Message, reason),
    };
}
