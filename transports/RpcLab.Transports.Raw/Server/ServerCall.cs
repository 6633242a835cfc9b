using System.Diagnostics;
using System.Runtime.CompilerServices;
using RpcLab.Transports.Raw.Protocol;
using RpcLab.Transports.Raw.Streams;
using RpcLab.Transports.Raw.Types;

namespace RpcLab.Transports.Raw.Server;

/// <summary>
/// One call in progress on a server connection, and the one place its ending is handled: whatever the
/// procedure throws becomes the call's exception message (<see cref="RawCallException.From"/>), the request's
/// deadline and the client's cancel fire <see cref="Token"/>, and the finished call is logged once. A procedure
/// sends its result through <see cref="SendReturnsAsync(object?[])"/>, or <see cref="SendItemAsync"/> and
/// <see cref="SendEndAsync"/>. Thread-safe: the read loop feeds it while the procedure runs.
/// </summary>
public sealed class ServerCall
{
    private readonly ServerConnection _connection;
    private readonly CancellationTokenSource _cancel = new();
    private readonly CancellationToken _token;
    private readonly long _started;
    private readonly InboundStream<object?>? _requestStream;
    private readonly OutboundCredits? _credits;
    private volatile RawCallException? _failure;
    private volatile bool _clientCancelled;
    private volatile bool _finalSent;
    private bool _requestEnded;

    internal ServerCall(ServerConnection connection, long id, RawProcedure procedure, string? client, long? timeoutMs, long started)
    {
        _connection = connection;
        Id = id;
        Procedure = procedure;
        Client = client;
        _started = started;
        _token = _cancel.Token;
        if (timeoutMs is { } ms)
        {
            // A timer runs up to 2^31 ms (about 25 days); a longer deadline is as good as none.
            if (ms <= int.MaxValue)
            {
                _cancel.CancelAfter(TimeSpan.FromMilliseconds(ms));
            }
        }

        if (procedure.Signature.RequestItem is not null)
        {
            _requestStream = new InboundStream<object?>(GrantAsync);
        }

        if (procedure.Signature.ResultItem is not null)
        {
            _credits = new OutboundCredits();
        }
    }

    public long Id { get; }

    public RawProcedure Procedure { get; }

    /// <summary>The client name the request presented, if any.</summary>
    public string? Client { get; }

    /// <summary>The connection's peer, address:port.</summary>
    public string Peer => _connection.Peer;

    public CancellationToken Token => _token;

    /// <summary>The request stream's items as they arrive (already read as the signature's item type); null when the signature has no stream argument.</summary>
    public IAsyncEnumerable<object?>? RequestItems => _requestStream?.ReadAllAsync(Token);

    internal Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Sends the return values (one per declared return type) and ends the call.</summary>
    public ValueTask SendReturnsAsync(params object?[] values) => SendReturnsAsync(values, single: null);

    /// <summary>Sends the one return value of a procedure that declares one, and ends the call.</summary>
    public ValueTask SendReturnAsync(object? value) => SendReturnsAsync(values: null, single: value);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendReturnsAsync(object?[]? values, object? single)
    {
        var returns = Procedure.Signature.Returns;
        using var message = MessageBuilder.Start(MessageKind.Response, Id);
        var writer = message.Writer;
        writer.WritePropertyName(MessageNames.Returns);
        writer.WriteStartArray();
        for (var i = 0; i < returns.Count; i++)
        {
            returns[i].Write(writer, values is null ? single : values[i]);
        }

        writer.WriteEndArray();
        writer.WritePropertyName(MessageNames.ReturnTypes);
        Signature.WriteNames(writer, returns);
        await SendFinalAsync(message.Finish(_connection.MaxMessageSize)).ConfigureAwait(false);
    }

    /// <summary>Sends one item of the result stream, once the client has room for it.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendItemAsync(object? item)
    {
        await _credits!.WaitAsync(Token).ConfigureAwait(false);
        using var message = MessageBuilder.Start(MessageKind.Item, Id);
        message.Writer.WritePropertyName(MessageNames.Item);
        Procedure.Signature.ResultItem!.Write(message.Writer, item);
        await _connection.SendAsync(message.Finish(_connection.MaxMessageSize)).ConfigureAwait(false);
    }

    /// <summary>Ends the result stream, and the call.</summary>
    public async ValueTask SendEndAsync()
    {
        using var message = MessageBuilder.Start(MessageKind.End, Id);
        await SendFinalAsync(message.Finish(_connection.MaxMessageSize)).ConfigureAwait(false);
    }

    internal void Start(object?[] args) => Completion = RunAsync(args);

    internal void OnItem(ref MessageView message)
    {
        if (_requestStream is null)
        {
            Fail(new RawCallException(RawExceptionType.ProtocolError, $"{Procedure.Describe()} takes no stream, so it takes no items"));
            return;
        }

        if (_requestEnded)
        {
            Fail(new RawCallException(RawExceptionType.ProtocolError, "a stream item after the stream's end"));
            return;
        }

        object item;
        try
        {
            // A stream item is never null, even of a record type (only a record argument may be).
            item = Procedure.Signature.RequestItem!.Read(ref message.Item) ?? throw new InvalidValueException($"is declared {Procedure.Signature.RequestItem} but is null");
        }
        catch (InvalidValueException e)
        {
            Fail(new RawCallException(RawExceptionType.InvalidArguments, $"a stream item {e.Message}"));
            return;
        }

        if (!_requestStream.TryAdd(item))
        {
            Fail(new RawCallException(RawExceptionType.ProtocolError, $"more stream items than the {StreamWindow.Items} granted (wait for a more message)"));
        }
    }

    // Items, ends and cancels all come from the one read loop, so _requestEnded needs no lock.
    internal void OnEnd()
    {
        _requestEnded = true;
        _requestStream?.Complete();
    }

    internal void OnMore(int count) => _credits?.Grant(count);

    /// <summary>The client sent cancel: stop, and answer nothing more.</summary>
    internal void OnCancel()
    {
        _clientCancelled = true;
        Stop();
    }

    /// <summary>The server is stopping or the connection is gone.</summary>
    internal void Abort() => Stop();

    private void Fail(RawCallException failure)
    {
        _failure ??= failure;
        Stop();
    }

    private void Stop()
    {
        _requestStream?.Complete(new OperationCanceledException(Token));
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call has already ended.
        }
    }

    private async Task RunAsync(object?[] args)
    {
        RawCallException? failure = null;
        try
        {
            await Procedure.RunAsync(this, args, Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = _failure
                ?? (_connection.IsClosing ? Ended(_connection.Stopping ? "the server is shutting down" : "the connection closed before the call completed") : null)
                ?? RawCallException.From(e, deadlinePassed: _cancel.IsCancellationRequested && !_clientCancelled);
        }

        _requestStream?.Complete();
        if (failure is not null && !_clientCancelled && !_finalSent)
        {
            _connection.Forget(this);
            await _connection.TrySendExceptionAsync(Id, failure).ConfigureAwait(false);
        }

        _connection.Forget(this);
        if (_connection.LogsCalls)
        {
            _connection.Finished(new RawCallRecord(
                Peer,
                Client,
                Procedure.Service,
                Procedure.Rpc,
                Procedure.Signature.ArgNames,
                _clientCancelled ? Ended("the client cancelled the call") : failure,
                Stopwatch.GetElapsedTime(_started)));
        }

        // Disposed for its deadline timer; Token stays readable (a struct copy) for anything still holding it.
        _cancel.Dispose();
    }

    private static RawCallException Ended(string why) => new(RawExceptionType.Cancelled, why);

    // The last message of the call: the call leaves the connection's table first, so the client may reuse the id
    // as soon as it has the answer.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendFinalAsync(ReadOnlyMemory<byte> frame)
    {
        _connection.Forget(this);
        _finalSent = true;
        await _connection.SendAsync(frame).ConfigureAwait(false);
    }

    private async ValueTask GrantAsync(int count)
    {
        using var message = MessageBuilder.Start(MessageKind.More, Id);
        message.Writer.WriteNumber(MessageNames.Count, count);
        await _connection.TrySendAsync(message.Finish(int.MaxValue)).ConfigureAwait(false);
    }
}
