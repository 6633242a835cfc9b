using NetMQ;

namespace RpcLab.Transports.ZeroRpc.Channels;

/// <summary>
/// What a zerorpc server and client share: one NetMQ socket owned by one <see cref="SocketLoop"/> thread, a
/// timer for heartbeats, messages read in bounded batches (so timers and handed-over work get their turn under a
/// flood), and one orderly shutdown: <see cref="OnStopping"/> on the socket's thread, <see cref="AfterStoppingAsync"/>,
/// then the thread and the socket go. NetMQ's process-wide context (one background I/O thread, like the thread
/// pool) is deliberately never torn down with <see cref="NetMQConfig.Cleanup"/>: run while another thread opens a
/// socket, Cleanup can hang for ever joining that I/O thread (seen here in the full test suite), and its threads
/// are background threads that never keep a process alive. Thread-safe as its subclasses use it.
/// </summary>
internal abstract class SocketEndpoint<TSocket> : IAsyncDisposable
    where TSocket : NetMQSocket
{
    private int _disposed;

    /// <param name="createSocket">Makes the socket.</param>
    /// <param name="heartbeatInterval">How often each channel on this socket sends a heartbeat (<c>_zpc_hb</c>).</param>
    protected SocketEndpoint(Func<TSocket> createSocket, TimeSpan heartbeatInterval)
    {
        Socket = createSocket();
        Socket.Options.Linger = TimeSpan.Zero;
        Loop = new SocketLoop(OnLoopError);
        Socket.ReceiveReady += (_, _) => ReceiveAll();
        Loop.Add(Socket);
        var timer = new NetMQTimer(CheckInterval(heartbeatInterval));
        timer.Elapsed += (_, _) => Loop.Guard(OnTimer);
        Loop.Add(timer);
    }

    /// <summary>Socket thread only, once started.</summary>
    protected TSocket Socket { get; }

    protected SocketLoop Loop { get; }

    /// <summary>How often heartbeats are checked: a fifth of the interval, so a beat is at most that late.</summary>
    public static TimeSpan CheckInterval(TimeSpan heartbeat) => TimeSpan.FromMilliseconds(Math.Clamp(heartbeat.TotalMilliseconds / 5, 10, 1000));

    /// <summary>The size past which ZeroMQ itself drops a connection: twice the message limit, at least 64 KiB over it.</summary>
    public static long ReceiveLimit(int maxMessageSize) => maxMessageSize + Math.Max((long)maxMessageSize, 64 * 1024);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await Loop.InvokeAsync(OnStopping).ConfigureAwait(false);
            await AfterStoppingAsync().ConfigureAwait(false);
        }
        finally
        {
            ReleaseResources();
        }
    }

    /// <summary>Starts the socket's thread, once the subclass has bound or connected the socket.</summary>
    protected void Start(string threadName) => Loop.Start(threadName);

    /// <summary>Releases what the constructor made; for a subclass whose own set-up failed, and for disposal.</summary>
    protected void ReleaseResources()
    {
        BeforeLoopDisposed();
        Loop.Dispose();
        Socket.Dispose();
    }

    /// <summary>Socket thread: one whole message (all its frames).</summary>
    protected abstract void OnMessage(NetMQMessage message);

    /// <summary>Socket thread: the periodic check (heartbeats, timeouts).</summary>
    protected abstract void OnTimer();

    /// <summary>Socket thread: the first step of shutdown (end the calls in progress).</summary>
    protected abstract void OnStopping();

    /// <summary>An exception a handler on the socket's thread did not catch.</summary>
    protected abstract void OnLoopError(Exception error);

    protected virtual Task AfterStoppingAsync() => Task.CompletedTask;

    /// <summary>Runs while the loop still runs, before it stops (a socket monitor leaves the poller here).</summary>
    protected virtual void BeforeLoopDisposed()
    {
    }

    private void ReceiveAll()
    {
        for (var i = 0; i < 64; i++)
        {
            NetMQMessage? message = null;
            if (!Socket.TryReceiveMultipartMessage(TimeSpan.Zero, ref message))
            {
                return;
            }

            Loop.Guard(() => OnMessage(message));
        }
    }
}
