using System.Threading.Channels;
using RpcLab.Services.Errors;
using RpcLab.Transports.ZeroRpc.Wire;

namespace RpcLab.Transports.ZeroRpc.Channels;

/// <summary>
/// The events of one channel on their way from the socket's thread to the one consumer (a client call reading
/// its replies, or a server handler reading a request stream), with the receiving half of zeroRPC's flow
/// control exactly as zerorpc-python's BufferedChannel does it: a queue of 100, no grant for the first event,
/// <c>_zpc_more [100 - reserved]</c> when the consumer asks for an event while fewer than 50 are reserved
/// (so [100] at the second, then [51]). A sender that overruns the queue is refused (<see cref="TryAdd"/>).
/// Producer methods run on the socket's thread, consumer methods on one consumer at a time.
/// </summary>
internal sealed class InboundEvents
{
    public const int QueueSize = 100;

    private readonly Channel<ZeroRpcEvent> _events;

    // Events queued and not yet read (the single-reader channel cannot count them itself).
    private int _queued;
    private readonly Action<int> _grant;
    private int _reserved;
    private bool _granting;
    private Exception? _failure;

    /// <param name="grant">Sends <c>_zpc_more [n]</c> on the channel (called on the consumer's thread).</param>
    /// <param name="firstAlreadyReceived">True on a server, whose first event of the channel (the request) came before this queue.</param>
    /// <param name="consumeInline">True to run the waiting consumer on the producer's thread, inside <see cref="TryAdd"/> or <see cref="Fail"/>, instead of on the thread pool.</param>
    public InboundEvents(Action<int> grant, bool firstAlreadyReceived, bool consumeInline = false)
    {
        _events = Channel.CreateUnbounded<ZeroRpcEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = consumeInline });
        _grant = grant;
        _reserved = firstAlreadyReceived ? 0 : 1;
        _granting = firstAlreadyReceived;
    }

    /// <summary>Queues an event (socket thread); false when the sender ignored flow control and the queue is full.</summary>
    public bool TryAdd(ZeroRpcEvent e)
    {
        if (Volatile.Read(ref _queued) >= QueueSize)
        {
            return false;
        }

        // Counted first: a consumer that runs inline (see the constructor) reads it inside TryWrite.
        Interlocked.Increment(ref _queued);
        if (!_events.Writer.TryWrite(e))
        {
            Interlocked.Decrement(ref _queued);
            return false;
        }

        return true;
    }

    /// <summary>Ends the queue with a failure the consumer sees once the events before it are read (any thread).</summary>
    public void Fail(Exception failure)
    {
        Interlocked.CompareExchange(ref _failure, failure, null);
        _events.Writer.TryComplete();
    }

    /// <summary>The next event, granting credit first as the reference does; throws the failure once the queue has ended.</summary>
    public async ValueTask<ZeroRpcEvent> ReadAsync(CancellationToken cancellationToken)
    {
        if (_granting && _reserved < QueueSize / 2)
        {
            var open = QueueSize - _reserved;
            _reserved += open;
            _grant(open);
        }

        _granting = true;
        while (await _events.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_events.Reader.TryRead(out var e))
            {
                Interlocked.Decrement(ref _queued);
                _reserved--;
                return e;
            }
        }

        throw Volatile.Read(ref _failure) ?? new RpcException(RpcStatusCode.Internal, "the channel ended without a final event");
    }
}
