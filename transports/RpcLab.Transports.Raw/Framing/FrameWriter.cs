using System.Globalization;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace RpcLab.Transports.Raw.Framing;

/// <summary>
/// Sends whole frames on a socket, one at a time: concurrent calls share the connection, so a lock keeps each
/// frame's bytes together. An uncontended lock and a send the kernel takes at once complete without a thread
/// switch. A peer that does not read for longer than the stall timeout (the send cannot finish) fails the send
/// with <see cref="FrameException"/> (<see cref="FrameError.Stalled"/>), and the connection should be closed.
/// Thread-safe. Nothing to dispose: closing the socket ends a send in progress.
/// </summary>
public sealed class FrameWriter
{
    private readonly Socket _socket;
    private readonly TimeSpan _stallTimeout;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public FrameWriter(Socket socket, TimeSpan stallTimeout)
    {
        _socket = socket;
        _stallTimeout = stallTimeout;
    }

    /// <summary>Sends <paramref name="frame"/> (prefix included) whole. <paramref name="cancellationToken"/> only stops the wait for the lock.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Once a frame's first byte is out it must be finished, or the peer would read the next frame's
            // bytes as the rest of this one: so the caller's token does not interrupt the send itself.
            while (!frame.IsEmpty)
            {
                var sending = _socket.SendAsync(frame, SocketFlags.None, CancellationToken.None);

                // Usually the kernel takes the bytes at once. Only a send that has to wait (the peer's window is
                // full) is timed, so the common case costs no timer.
                var sent = sending.IsCompleted || _stallTimeout == Timeout.InfiniteTimeSpan
                    ? await sending.ConfigureAwait(false)
                    : await StalledAsync(sending.AsTask(), frame.Length).ConfigureAwait(false);
                frame = frame[sent..];
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<int> StalledAsync(Task<int> sending, int remaining)
    {
        try
        {
            return await sending.WaitAsync(_stallTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The caller closes the connection, which fails this send; nobody is left to see that.
            _ = sending.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw new FrameException(
                FrameError.Stalled,
                string.Create(CultureInfo.InvariantCulture, $"the peer has not read for over {_stallTimeout.TotalSeconds:0.#} s; {remaining} bytes of a frame could not be sent"));
        }
    }
}
