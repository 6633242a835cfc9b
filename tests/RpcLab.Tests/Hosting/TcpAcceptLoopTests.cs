using System.Net;
using System.Net.Sockets;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Hosting;

/// <summary>
/// The one TCP accept loop: each connection on a task of its own, one connection's failure ends it alone, and
/// disposing closes every connection and never hangs on a callback that ignores cancellation.
/// </summary>
public sealed class TcpAcceptLoopTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Each_connection_is_served_on_its_own_task_so_a_slow_one_holds_no_other()
    {
        // Arrange: the first connection's callback waits until the second one has been served
        var secondServed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var served = 0;
        await using var loop = TcpAcceptLoop.Start(ListenAddress.Resolve("127.0.0.1"), 0, async (socket, _) =>
        {
            if (Interlocked.Increment(ref served) == 1)
            {
                await secondServed.Task;
            }
            else
            {
                secondServed.TrySetResult();
            }

            await socket.SendAsync(new byte[] { 1 });
        });

        // Act
        using var first = await ConnectAsync(loop.Port);
        using var second = await ConnectAsync(loop.Port);

        // Assert
        Assert.Equal(1, await ReadByteAsync(second));
        Assert.Equal(1, await ReadByteAsync(first));
    }

    [Fact]
    public async Task A_callback_that_throws_ends_its_connection_and_the_loop_keeps_accepting()
    {
        // Arrange
        var calls = 0;
        await using var loop = TcpAcceptLoop.Start(ListenAddress.Resolve("127.0.0.1"), 0, async (socket, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("this connection's own failure");
            }

            await socket.SendAsync(new byte[] { 2 });
        });

        // Act
        using var failed = await ConnectAsync(loop.Port);
        var closed = await ReadByteAsync(failed);
        using var next = await ConnectAsync(loop.Port);

        // Assert
        Assert.Equal(-1, closed);
        Assert.Equal(2, await ReadByteAsync(next));
    }

    [Fact]
    public async Task Disposing_cancels_the_callbacks_and_closes_every_open_connection()
    {
        // Arrange
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = TcpAcceptLoop.Start(ListenAddress.Resolve("127.0.0.1"), 0, async (_, stopping) =>
        {
            started.TrySetResult();
            stopping.Register(cancelled.SetResult);
            await Task.Delay(Timeout.Infinite, stopping);
        });
        using var client = await ConnectAsync(loop.Port);
        await started.Task.WaitAsync(Patience);

        // Act
        await loop.DisposeAsync();

        // Assert
        await cancelled.Task.WaitAsync(Patience);
        Assert.Equal(-1, await ReadByteAsync(client));
        Assert.Equal(0, loop.ConnectionCount);
        await Assert.ThrowsAsync<SocketException>(() => ConnectAsync(loop.Port));
    }

    [Fact]
    public async Task Disposing_waits_for_a_callback_that_ignores_cancellation_no_longer_than_the_patience()
    {
        // Arrange
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource();
        var loop = TcpAcceptLoop.Start(ListenAddress.Resolve("127.0.0.1"), 0, async (_, _) =>
        {
            started.TrySetResult();
            await never.Task;
        }, stopPatience: TimeSpan.FromMilliseconds(200));
        using var client = await ConnectAsync(loop.Port);
        await started.Task.WaitAsync(Patience);

        // Act
        var stopped = loop.DisposeAsync().AsTask();

        // Assert
        await stopped.WaitAsync(Patience);
        never.SetResult();
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // The next byte, or -1 when the server closed the connection.
    private static async Task<int> ReadByteAsync(Socket socket)
    {
        var buffer = new byte[1];
        try
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(Patience);
            return read == 0 ? -1 : buffer[0];
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return -1;
        }
    }
}
