using System.Text.Json;
using RpcLab.Transports.Raw.Protocol;
using RpcLab.Transports.Raw.Streams;
using RpcLab.Transports.Raw.Types;

namespace RpcLab.Transports.Raw.Client;

/// <summary>
/// A call a client is waiting on: its result (unary) or its item stream, its request stream's credits, and the
/// end of its request pump. Completed by the read loop, or by the caller's cancellation, whichever comes first.
/// The result's continuations run where it is completed: inline only by <see cref="Complete"/> when the read
/// loop has handed its reading to another thread (see <see cref="ClientConnection"/>), on the thread pool in
/// every other case, so a caller's code never runs on a thread that something else waits for. Thread-safe.
/// </summary>
internal sealed class ClientCall
{
    private readonly TaskCompletionSource<object?> _result = new();
    private readonly CancellationTokenSource? _pumpStop;

    public ClientCall(long id, ClientCallSpec spec, bool streamsResult, bool streamsRequest, Func<ClientCall, int, ValueTask> grant)
    {
        Id = id;
        Spec = spec;
        if (streamsResult)
        {
            Items = new InboundStream<object?>(count => grant(this, count));
        }

        if (streamsRequest)
        {
            Credits = new OutboundCredits();
            _pumpStop = new CancellationTokenSource();
        }
    }

    public long Id { get; }

    public ClientCallSpec Spec { get; }

    /// <summary>The result stream's items; null for a unary result.</summary>
    public InboundStream<object?>? Items { get; }

    /// <summary>Credits for the request stream; null without one.</summary>
    public OutboundCredits? Credits { get; }

    /// <summary>Fires when the call has ended, so its request pump stops.</summary>
    public CancellationToken PumpToken => _pumpStop?.Token ?? CancellationToken.None;

    public Task<object?> Result => _result.Task;

    /// <summary>True once the request has gone out: only then does the server know the call, and need to hear it is cancelled.</summary>
    public bool RequestSent { get; set; }

    /// <summary>Reads a response as the call's result; false (and the call failed) when it does not match the call.</summary>
    public bool TryReadResponse(ref MessageView response, out object? value)
    {
        try
        {
            value = Spec.ReadReturns(ref response);
            return true;
        }
        catch (InvalidValueException e)
        {
            Fail(new RawCallException(RawExceptionType.ProtocolError, $"the server's reply does not match the call: {e.Message}"));
            value = null;
            return false;
        }
    }

    /// <summary>
    /// Ends the call with its result. <paramref name="inline"/>: the caller's continuation runs on this thread, now
    /// (only for a thread that nothing else depends on); otherwise it is queued to the thread pool.
    /// </summary>
    public void Complete(object? value, bool inline)
    {
        if (inline)
        {
            _result.TrySetResult(value);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Call._result.TrySetResult(state.Value), (Call: this, Value: value), preferLocal: false);
        }

        StopPump();
    }

    public void OnItem(ref Utf8JsonReader item)
    {
        if (Items is null)
        {
            Fail(new RawCallException(RawExceptionType.ProtocolError, $"the server sent a stream item for {Spec.Name}, which has no result stream"));
            return;
        }

        object? value;
        try
        {
            value = Spec.ReadItem(ref item);
        }
        catch (InvalidValueException e)
        {
            Fail(new RawCallException(RawExceptionType.ProtocolError, $"a stream item from the server {e.Message}"));
            return;
        }

        if (!Items.TryAdd(value))
        {
            Fail(new RawCallException(RawExceptionType.ProtocolError, $"the server sent more stream items than the {StreamWindow.Items} granted"));
        }
    }

    /// <summary>The server's end of the result stream: the call is over.</summary>
    public void OnEnd()
    {
        Items?.Complete();
        Complete(null, inline: false);
    }

    /// <summary>Ends the call with <paramref name="error"/> (an exception message, a lost connection, the caller's cancellation), as the spec presents it.</summary>
    public void Fail(Exception error)
    {
        if (error is RawCallException raw)
        {
            error = Spec.Failure(raw);
        }

        Items?.Complete(error);
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Call._result.TrySetException(state.Error), (Call: this, Error: error), preferLocal: false);
        StopPump();
    }

    // Asynchronously: the pump's cancellation callbacks (the caller's own stream) must not run on the read loop.
    private void StopPump() => _pumpStop?.CancelAsync();
}
