using RpcLab.Services.Errors;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.ZeroRpc.Channels;
using RpcLab.Transports.ZeroRpc.Wire;

namespace RpcLab.Transports.ZeroRpc.Client;

/// <summary>
/// One channel on the client: a call from its request to its final reply. The caller reads the replies
/// (<see cref="Replies"/>, which grants the server credit as the reference client does); the socket's thread
/// routes the server's events here, tracks the heartbeat, and fails the call when the server is lost. A request
/// stream (RpcLab's extension) is pumped on the thread pool, one STREAM event per item as the server's credit allows.
/// </summary>
internal sealed class ClientCall
{
    private readonly ZeroRpcClient _client;
    private CancellationTokenSource? _pump;

    public ClientCall(ZeroRpcClient client, RpcMethod method, byte[] id, bool consumeInline)
    {
        _client = client;
        Method = method;
        Id = id;
        Replies = new InboundEvents(slots => _client.SendOnChannel(this, EventWriter.More(_client.NextId(), Id, slots)), firstAlreadyReceived: false, consumeInline);
    }

    public RpcMethod Method { get; }

    /// <summary>The request's raw message_id, which is the channel's id.</summary>
    public byte[] Id { get; }

    public InboundEvents Replies { get; }

    /// <summary>How many request stream events the server has room for: none until it grants (the request took the first slot).</summary>
    public OutboundCredit Credit { get; } = new(0);

    /// <summary>Socket thread only: the heartbeat, from the moment the request left.</summary>
    public HeartbeatClock? Heartbeat { get; set; }

    /// <summary>Socket thread only: when the request was handed to the client, for the connect timeout.</summary>
    public long QueuedAtMs { get; set; }

    /// <summary>Set by the caller once it has read the final reply: nothing is left to cancel.</summary>
    public bool Completed { get; set; }

    /// <summary>Sends the request stream's items, then STREAM_DONE, each when the server has room (on the thread pool).</summary>
    public void StartPump(IAsyncEnumerable<object?> items, CancellationToken callToken)
    {
        _pump = CancellationTokenSource.CreateLinkedTokenSource(callToken);
        var token = _pump.Token;
        _ = Task.Run(() => PumpAsync(items, token), CancellationToken.None);
    }

    /// <summary>Stops the request stream (the call has ended).</summary>
    public void StopPump()
    {
        try
        {
            _pump?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already stopped.
        }
    }

    private async Task PumpAsync(IAsyncEnumerable<object?> items, CancellationToken token)
    {
        try
        {
            await foreach (var item in items.WithCancellation(token).ConfigureAwait(false))
            {
                var payload = EventWriter.StreamItem(_client.NextId(), Id, Method.RequestItemType!, item);
                if (payload.Length > _client.MaxMessageSize)
                {
                    throw RpcException.ResourceExhausted($"a request stream item is {payload.Length} bytes, over the limit of {_client.MaxMessageSize}");
                }

                await Credit.WaitAsync(token).ConfigureAwait(false);
                _client.SendOnChannel(this, payload);
            }

            await Credit.WaitAsync(token).ConfigureAwait(false);
            _client.SendOnChannel(this, EventWriter.StreamDone(_client.NextId(), Id));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The call ended (its reply came, or it was cancelled): the rest of the stream is not wanted.
        }
        catch (Exception e)
        {
            // The caller's own stream failed: the call fails with it, and the server is told to stop.
            _client.Abandon(this, RpcErrors.ToRpcException(e));
        }
        finally
        {
            _pump?.Dispose();
        }
    }
}
