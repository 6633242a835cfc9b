using NetMQ;

namespace RpcLab.Transports.ZeroRpc.Channels;

/// <summary>
/// The one thread that owns a socket: a <see cref="NetMQPoller"/> running the socket's handlers, its timers,
/// and the work other threads hand over through a <see cref="NetMQQueue{T}"/> (NetMQ sockets are not
/// thread-safe, so nothing else touches them). Every handler runs guarded: an exception is reported to
/// <c>onError</c> and the loop goes on, since a dead poller thread would silently stop the endpoint.
/// <see cref="Post"/> is thread-safe; the rest is for the owner's set-up and shutdown.
/// </summary>
internal sealed class SocketLoop : IDisposable
{
    private readonly NetMQPoller _poller = [];
    private readonly NetMQQueue<Action> _inbox = new();
    private readonly Action<Exception> _onError;
    private int _disposed;

    public SocketLoop(Action<Exception> onError)
    {
        _onError = onError;
        _inbox.ReceiveReady += (_, e) =>
        {
            LeaveNetMQContext();
            // Bounded, so a producer that never pauses cannot starve the socket and the timers.
            for (var i = 0; i < 256 && e.Queue.TryDequeue(out var action, TimeSpan.Zero); i++)
            {
                Guard(action);
            }
        };
        _poller.Add(_inbox);
    }

    /// <summary>True on the loop's own thread (where sockets may be used).</summary>
    public bool OnLoopThread => _poller.CanExecuteTaskInline;

    public void Add(ISocketPollable socket) => _poller.Add(socket);

    public void Add(NetMQTimer timer) => _poller.Add(timer);

    /// <summary>Runs a socket monitor's events on this thread; dispose the monitor before this loop.</summary>
    public void Attach(NetMQ.Monitoring.NetMQMonitor monitor) => monitor.AttachToPoller(_poller);

    public void Start(string threadName) => _poller.RunAsync(threadName, isBackgroundThread: true);

    /// <summary>Runs <paramref name="action"/> on the loop's thread, after the work posted before it. False once the loop is disposed.</summary>
    public bool Post(Action action)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }

        try
        {
            _inbox.Enqueue(action);
            return true;
        }
        catch (Exception e) when (e is ObjectDisposedException or TerminatingException or NetMQException)
        {
            // Disposed between the check and the enqueue.
            return false;
        }
    }

    /// <summary>Runs <paramref name="action"/> on the loop's thread and waits for it (for start-up and shutdown).</summary>
    public Task InvokeAsync(Action action)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Post(() =>
            {
                try
                {
                    action();
                    done.TrySetResult();
                }
                catch (Exception e)
                {
                    done.TrySetException(e);
                }
            }))
        {
            done.TrySetException(new ObjectDisposedException(nameof(SocketLoop)));
        }

        return done.Task;
    }

    /// <summary>Runs a socket or timer handler, reporting instead of throwing.</summary>
    public void Guard(Action action)
    {
        LeaveNetMQContext();
        try
        {
            action();
        }
        catch (Exception e)
        {
            _onError(e);
        }
    }

    // NetMQPoller gives its thread a SynchronizationContext that posts to the poller. With it, a task completed here
    // never runs its awaiters inline (the runtime inlines only where no context is set: ZeroRpcOptions.InlineReplies
    // would silently do nothing), and an await without ConfigureAwait(false) in code started here (an inline server
    // handler) would resume on the socket's thread instead of the thread pool. Nothing here uses that context (work
    // comes through Post), so the thread runs without one. Cheap: a thread-static read per handler.
    private static void LeaveNetMQContext()
    {
        if (SynchronizationContext.Current is not null)
        {
            SynchronizationContext.SetSynchronizationContext(null);
        }
    }

    /// <summary>Stops the thread (waiting for it) and releases the queue; the owner disposes its sockets after.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_poller.IsRunning)
        {
            _poller.Stop();
        }

        _poller.Dispose();
        _inbox.Dispose();
    }
}
