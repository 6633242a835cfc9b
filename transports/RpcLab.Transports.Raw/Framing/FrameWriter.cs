using System.Globalization;
using System.Net.Sockets;

namespace RpcLab.Transports.Raw.Framing;

/// <summary>
/// Sends whole frames on a socket, one at a time: concurrent calls share the connection, so a lock keeps each
/// frame's bytes together. An uncontended lock and a send the kernel takes at once complete without a thread
/// switch. A peer that does not read for longer than the stall timeout (the send cannot finish) fails the send
/// with <see cref="FrameException"/> (<see cref="FrameError.Stalled"/>), and the connection should be closed.
/// Thread-safe. Nothing to dispose: the stall timer is disarmed after every send, and closing the socket ends
/// a send in progress.
/// </summary>
public sealed class FrameWriter
{
    private readonly Socket _socket;
    private readonly TimeSpan _stallTimeout;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly CancellationTokenSource _stallTimer = new();

    public FrameWriter(Socket socket, TimeSpan stallTimeout)
    {
        _socket = socket;
        _stallTimeout = stallTimeout;
    }

    /// <summary>Sends <paramref name="frame"/> (prefix included) whole. <paramref name="cancellationToken"/> only stops the wait for the lock.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Once a frame's first byte is out it must be finished, or the peer would read the next frame's
            // bytes as the rest of this one: so the caller's token does not interrupt the send itself.
            var stall = _stallTimeout == Timeout.InfiniteTimeSpan ? CancellationToken.None : _stallTimer.Token;
            if (stall.CanBeCanceled)
            {
                _stallTimer.CancelAfter(_stallTimeout);
            }

            try
            {
                while (!frame.IsEmpty)
                {
                    var sent = await _socket.SendAsync(frame, SocketFlags.None, stall).ConfigureAwait(false);
                    frame = frame[sent..];
                }
            }
            catch (OperationCanceledException) when (_stallTimer.IsCancellationRequested)
            {
                throw new FrameException(
                    FrameError.Stalled,
                    string.Create(CultureInfo.InvariantCulture, $"the peer has not read for over {_stallTimeout.TotalSeconds:0.#} s; {frame.Length} bytes of a frame could not be sent"));
            }
            finally
            {
                if (stall.CanBeCanceled)
                {
                    _stallTimer.TryReset();
                }
            }
        }
        finally
        {
            _lock.Release();
        }
    }
}
