using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Hosting;

/// <summary>
/// The seam's connection limits: counted in total and per address, freed once per lease, lowered to fit the process's
/// descriptors, logged at most once a second, and applied by the accept loop before any callback runs.
/// </summary>
public sealed class ConnectionLimiterTests
{
    private static readonly IPEndPoint Alice = new(IPAddress.Parse("10.0.0.1"), 1000);
    private static readonly IPEndPoint Bob = new(IPAddress.Parse("10.0.0.2"), 1000);

    [Fact]
    public void The_total_and_each_peers_share_are_enforced_and_a_lease_frees_its_place_once()
    {
        // Arrange
        var limiter = new ConnectionLimiter("test", maxConnections: 3, maxPerPeer: 2, log: null, descriptorLimit: null);

        // Act
        var a1 = limiter.TryAdmit(Alice);
        var a2 = limiter.TryAdmit(new IPEndPoint(IPAddress.Parse("10.0.0.1").MapToIPv6(), 2000)); // the same peer, seen by a dual-stack socket
        var a3 = limiter.TryAdmit(Alice);
        var b1 = limiter.TryAdmit(Bob);
        var b2 = limiter.TryAdmit(Bob);
        a1!.Dispose();
        a1.Dispose();
        var b3 = limiter.TryAdmit(Bob);

        // Assert
        Assert.NotNull(a2);
        Assert.Null(a3);
        Assert.NotNull(b1);
        Assert.Null(b2);
        Assert.NotNull(b3);
        Assert.Equal((3, 2L), (limiter.Count, limiter.Refused));
    }

    [Fact]
    public void Refusals_are_logged_at_most_once_a_second_with_how_many_went_unlogged()
    {
        // Arrange
        var log = new ConcurrentQueue<CallRecord>();
        var limiter = new ConnectionLimiter("test", maxConnections: 1, maxPerPeer: 1, log.Enqueue, descriptorLimit: null);
        using var held = limiter.TryAdmit(Alice);

        // Act
        for (var i = 0; i < 100; i++)
        {
            Assert.Null(limiter.TryAdmit(Bob));
        }

        // Assert
        var line = Assert.Single(log);
        Assert.Equal(("test", "-", RpcStatusCode.ResourceExhausted), (line.Transport, line.Method, line.Status));
        Assert.StartsWith("closed a new connection: 1 connections are open", line.Detail, StringComparison.Ordinal);
        Assert.Equal(100, limiter.Refused);
    }

    [Theory]
    [InlineData(1000, 20000L, 1000)]
    [InlineData(1000, 1024L, 768)]
    [InlineData(1000, 100L, 36)]
    [InlineData(1000, null, 1000)]
    public void The_total_is_lowered_to_leave_a_quarter_of_the_descriptors_free(int wanted, long? descriptors, int expected)
    {
        Assert.Equal(expected, new ConnectionLimiter("test", wanted, 10, null, descriptors).MaxConnections);
    }

    [Fact]
    public void The_descriptor_limit_is_read_from_proc_limits()
    {
        const string limits = "Limit                     Soft Limit           Hard Limit           Units     \n"
            + "Max open files            1024                 1048576              files     \n";

        Assert.Equal(1024L, FileDescriptorLimit.Parse(limits));
        Assert.Null(FileDescriptorLimit.Parse("Max open files            unlimited            unlimited            files\n"));
    }

    [Fact]
    public async Task The_accept_loop_closes_a_connection_over_the_limit_before_any_callback_and_serves_the_others()
    {
        // Arrange: each callback holds its connection until the test ends
        var served = 0;
        using var done = new CancellationTokenSource();
        var limiter = new ConnectionLimiter("test", maxConnections: 2, maxPerPeer: 10, log: null, descriptorLimit: null);
        await using var loop = TcpAcceptLoop.Start(ListenAddress.Resolve("127.0.0.1"), 0, async (socket, stopping) =>
        {
            Interlocked.Increment(ref served);
            await socket.SendAsync(new byte[] { 1 });
            await Task.Delay(Timeout.Infinite, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        }, limiter: limiter);

        // Act
        using var first = await ConnectAsync(loop.Port);
        using var second = await ConnectAsync(loop.Port);
        using var third = await ConnectAsync(loop.Port);
        var thirdRead = await ReadAsync(third);
        var firstRead = await ReadAsync(first);
        // The second's callback has run once its byte arrived: the count below cannot race its task's start.
        Assert.Equal(1, await ReadAsync(second));

        // Assert
        Assert.Equal(0, thirdRead);
        Assert.Equal(1, firstRead);
        Assert.Equal((2, 1L), (limiter.Count, limiter.Refused));
        Assert.Equal(2, Volatile.Read(ref served));
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return socket;
    }

    // The number of bytes of the first read: 0 when the server closed the connection.
    private static async Task<int> ReadAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await socket.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token);
    }
}
