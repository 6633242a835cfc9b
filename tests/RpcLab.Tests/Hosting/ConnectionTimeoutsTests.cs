using System.Collections.Concurrent;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Hosting;

/// <summary>
/// The seam's read timeouts: a message counts from its first byte to its last (activity inside it does not restart
/// the clock), a connection is idle only with no call in progress, and each closing is one log line.
/// </summary>
public sealed class ConnectionTimeoutsTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task A_message_started_and_never_finished_expires_however_often_bytes_arrive()
    {
        // Arrange
        var log = new ConcurrentQueue<CallRecord>();
        using var timeouts = new ConnectionTimeouts("test", Short, Timeout.InfiniteTimeSpan, log.Enqueue);
        var closed = new TaskCompletionSource();
        using var clock = timeouts.Watch("peer", () => false, () => closed.TrySetResult());

        // Act: "bytes" keep arriving, but the message is never whole
        clock.MessageStarted();
        var trickle = Task.Run(async () =>
        {
            while (!closed.Task.IsCompleted)
            {
                clock.MessageStarted();
                await Task.Delay(20);
            }
        });
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await trickle;

        // Assert
        Assert.True(clock.Expired);
        var line = Assert.Single(log);
        Assert.Equal(("-", RpcStatusCode.DeadlineExceeded, "peer"), (line.Method, line.Status, line.Peer));
        Assert.StartsWith("closed the connection: no whole message within 0.3 s", line.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_is_idle_only_while_no_call_is_in_progress()
    {
        // Arrange
        using var timeouts = new ConnectionTimeouts("test", Timeout.InfiniteTimeSpan, Short, log: null);
        var busy = true;
        var closed = new TaskCompletionSource();
        using var clock = timeouts.Watch("peer", () => Volatile.Read(ref busy), () => closed.TrySetResult());

        // Act
        await Task.Delay(3 * Short);
        var closedWhileBusy = closed.Task.IsCompleted;
        Volatile.Write(ref busy, false);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));

        // Assert
        Assert.False(closedWhileBusy);
        Assert.True(clock.Expired);
    }
}
