using System.Diagnostics;
using RpcLab.Network;
using RpcLab.Network.Faults;

namespace RpcLab.Tests.Faults;

/// <summary>
/// Each fault of the proxy against a framed echo server: what reaches the server, what comes back, and the log.
/// Times are asserted only as lower bounds (a delay is at least what was asked): the machine may stall, never hurry.
/// </summary>
public sealed class FaultProxyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Without_faults_every_message_crosses_unchanged_and_nothing_is_logged()
    {
        await using var server = new FramedEchoServer();
        await using var proxy = await StartAsync(server, "frames=raw");
        using var client = await FramedClient.ConnectAsync(proxy.Host, proxy.Port);

        foreach (var text in new[] { "one", "two", new string('x', 200_000) })
        {
            await client.SendAsync(text);
            Assert.Equal(text, await client.ReadAsync(Patience));
        }

        Assert.Empty(proxy.Log.Events);
    }

    [Fact]
    public async Task A_scripted_lost_request_never_reaches_the_server_and_the_connection_goes_on()
    {
        await using var server = new FramedEchoServer();
        await using var proxy = await StartAsync(server, "frames=raw", "script=request-lost:2");
        using var client = await FramedClient.ConnectAsync(proxy.Host, proxy.Port);

        await client.SendAsync("a");
        await client.SendAsync("b");
        await client.SendAsync("c");

        Assert.Equal("a", await client.ReadAsync(Patience));
        Assert.Equal("c", await client.ReadAsync(Patience));
        Assert.Equal(["a", "c"], server.Received);
        var lost = Assert.Single(proxy.Log.Events);
        Assert.Equal((FaultKind.RequestLost, 2, RelayDirection.ClientToServer), (lost.Kind, lost.Message, lost.Direction));
    }

    [Fact]
    public async Task A_scripted_lost_reply_is_dropped_after_the_server_handled_its_request()
    {
        await using var server = new FramedEchoServer();
        await using var proxy = await StartAsync(server, "frames=raw", "script=reply-lost:1");
        using var client = await FramedClient.ConnectAsync(proxy.Host, proxy.Port);

        await client.SendAsync("a");
        await client.SendAsync("b");

        Assert.Equal("b", await client.ReadAsync(Patience));
        Assert.Equal(["a", "b"], server.Received);
        Assert.Equal(FaultKind.ReplyLost, Assert.Single(proxy.Log.Events).Kind);
    }

    [Fact]
    public async Task A_duplicated_request_is_handled_twice()
    {
        await using var server = new FramedEchoServer();
        await using var proxy = await StartAsync(server, "frames=raw", "script=duplicate:1");
        using var client = await FramedClient.ConnectAsync(proxy.Host, proxy.Port);

        await client.SendAsync("a");

        Assert.Equal("a", await client.ReadAsync(Patience));
        Assert.Equal("a", await client.ReadAsync(Patience));
        Assert.Equal(["a", "a"], server.Received);
        Assert.Equal(FaultKind.Duplicate, Assert.Single(proxy.Log.Events).Kind);
    }

    [Fact]
    public async Task A_long_delay_lets_the_next_framed_message_overtake()
    {
        await using var server = new FramedEchoServer();
        await using var proxy = await StartAsync(server, "frames=raw", "script=delay:1+400ms");
        using var client = await FramedClient.ConnectAsync(proxy.Host, proxy.Port);

        await client.SendAsync("first");
        await client.SendAsync("second");

        Assert.Equal("second", await client.ReadAsync(Patience));
        Assert.Equal("first", await client.ReadAsync(Patience));
        Assert.Equal(["second", "first"], server.Received);
    }

    [Fact]
    public async Task Latency_delays_each_message_by_at_least_its_value()
    {
        await using var server = new FramedEchoServer();
        await using var proxy = await StartAsync(server, "up.latency=150ms", "down.latency=100ms");
        using var client = await FramedClient.ConnectAsync(proxy.Host, proxy.Port);
        var clock = Stopwatch.StartNew();

        await client.SendAsync("a");

        Assert.Equal("a", await client.ReadAsync(Patience));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(240), $"the round trip took {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Bandwidth_paces_the_bytes()
    {
        await using var server = new FramedEchoServer();
        await using var proxy = await StartAsync(server, "down.bandwidth=4000");
        using var client = await FramedClient.ConnectAsync(proxy.Host, proxy.Port);
        var clock = Stopwatch.StartNew();

        await client.SendAsync(new string('x', 2000));

        Assert.Equal(2000, (await client.ReadAsync(Patience))!.Length);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(400), $"2004 bytes at 4000 B/s took {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Slicing_cuts_writes_into_small_pieces()
    {
        await using var server = new FramedEchoServer();
        await using var proxy = await StartAsync(server, "down.slice=3", "down.slice-delay=200ms");
        using var client = await FramedClient.ConnectAsync(proxy.Host, proxy.Port);

        await client.SendAsync("sliced");

        Assert.Equal(3, await client.ReadSomeAsync(100, Patience));
        Assert.Equal(3, await client.ReadSomeAsync(100, Patience));
    }

    [Fact]
    public async Task A_scripted_reset_resets_the_client_and_the_server_gets_nothing()
    {
        await using var server = new FramedEchoServer();
        await using var proxy = await StartAsync(server, "script=reset:1");
        using var client = await FramedClient.ConnectAsync(proxy.Host, proxy.Port);

        await client.SendAsync("a");

        await Assert.ThrowsAsync<IOException>(() => client.ReadAsync(Patience));
        Assert.Empty(server.Received);
        Assert.Equal(FaultKind.Reset, Assert.Single(proxy.Log.Events).Kind);
    }

    [Fact]
    public async Task A_half_open_connection_forwards_nothing_and_stays_open()
    {
        await using var server = new FramedEchoServer();
        await using var proxy = await StartAsync(server, "script=half-open:2");
        using var client = await FramedClient.ConnectAsync(proxy.Host, proxy.Port);
        await client.SendAsync("a");
        Assert.Equal("a", await client.ReadAsync(Patience));

        await client.SendAsync("b");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ReadAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(["a"], server.Received);
        Assert.Equal(1, proxy.ConnectionCount);
    }

    [Fact]
    public async Task Limit_data_closes_the_connection_after_that_many_bytes()
    {
        await using var server = new FramedEchoServer();
        await using var proxy = await StartAsync(server, "up.limit-data=10");
        using var client = await FramedClient.ConnectAsync(proxy.Host, proxy.Port);

        await client.SendAsync("abcd");
        Assert.Equal("abcd", await client.ReadAsync(Patience));
        await client.SendAsync("efgh");

        await ReadEndAsync(client);
        Assert.Equal(["abcd"], server.Received);
        Assert.Equal(FaultKind.LimitData, Assert.Single(proxy.Log.Events).Kind);
    }

    [Fact]
    public async Task A_partition_holds_everything_until_it_heals_then_delivers()
    {
        await using var server = new FramedEchoServer();
        await using var proxy = await StartAsync(server);
        using var client = await FramedClient.ConnectAsync(proxy.Host, proxy.Port);
        var clock = Stopwatch.StartNew();

        proxy.Partition(TimeSpan.FromMilliseconds(600));
        await client.SendAsync("a");
        await Task.Delay(200);
        Assert.Empty(server.Received);

        Assert.Equal("a", await client.ReadAsync(Patience));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(550), $"healed after {clock.Elapsed.TotalMilliseconds} ms");
        await WaitForAsync(() => proxy.Log.Count(FaultKind.Heal) == 1);
        Assert.Equal([FaultKind.Partition, FaultKind.Heal], proxy.Log.Events.Select(e => e.Kind));
    }

    [Fact]
    public async Task Unframed_a_lost_request_closes_the_connection_before_its_first_byte()
    {
        await using var server = new FramedEchoServer();
        await using var proxy = await StartAsync(server, "script=request-lost:1");
        using var client = await FramedClient.ConnectAsync(proxy.Host, proxy.Port);

        await client.SendAsync("a");

        Assert.Null(await client.ReadAsync(Patience));
        Assert.Equal(0, server.BytesReceived);
    }

    [Fact]
    public async Task Unframed_a_lost_reply_is_swallowed_then_the_client_is_reset_after_the_server_handled_it()
    {
        await using var server = new FramedEchoServer();
        await using var proxy = await StartAsync(server, "script=reply-lost:2");
        using var client = await FramedClient.ConnectAsync(proxy.Host, proxy.Port);
        await client.SendAsync("a");
        Assert.Equal("a", await client.ReadAsync(Patience));

        await client.SendAsync("b");

        await Assert.ThrowsAsync<IOException>(() => client.ReadAsync(Patience));
        Assert.Equal(["a", "b"], server.Received);
        var lost = Assert.Single(proxy.Log.Events);
        Assert.Equal((FaultKind.ReplyLost, 2), (lost.Kind, lost.Message));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_fault_log_and_another_seed_another()
    {
        var first = await LabrpcRunAsync(seed: 42);
        var second = await LabrpcRunAsync(seed: 42);
        var other = await LabrpcRunAsync(seed: 43);

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task A_plan_replaced_while_running_applies_to_the_next_message()
    {
        await using var server = new FramedEchoServer();
        await using var proxy = await StartAsync(server, "frames=raw");
        using var client = await FramedClient.ConnectAsync(proxy.Host, proxy.Port);
        await client.SendAsync("a");
        Assert.Equal("a", await client.ReadAsync(Patience));

        proxy.Plan = FaultWords.Apply(proxy.Plan, [$"script=request-lost:{proxy.RequestsSeen + 1}"]);
        await client.SendAsync("b");
        await client.SendAsync("c");

        Assert.Equal("c", await client.ReadAsync(Patience));
        Assert.Equal(["a", "c"], server.Received);
    }

    // labrpc's plan over 60 requests sent at once on one connection; the log without times. Every message is the
    // same length: jitter reorders the requests, so which request the n-th reply answers is the threads' race, and
    // only its number and fate are the seed's.
    private static async Task<IReadOnlyList<string>> LabrpcRunAsync(int seed)
    {
        await using var server = new FramedEchoServer();
        await using var proxy = await FaultProxy.StartAsync(new FaultProxyOptions { UpstreamHost = "127.0.0.1", UpstreamPort = server.Port, Plan = FaultPlan.Labrpc(seed, MessageFraming.Raw) });
        using var client = await FramedClient.ConnectAsync(proxy.Host, proxy.Port);
        const int requests = 60;
        for (var i = 0; i < requests; i++)
        {
            await client.SendAsync($"m{i:D2}");
        }

        // Every request either reached the server or was lost, and every answer was read by the proxy.
        await WaitForAsync(() => proxy.RequestsSeen == requests && server.Received.Count + proxy.Log.Count(FaultKind.RequestLost) == requests && proxy.RepliesSeen == server.Received.Count);
        return proxy.Log.Describe();
    }

    private static Task<FaultProxy> StartAsync(FramedEchoServer server, params string[] words) =>
        FaultProxy.StartAsync(new FaultProxyOptions { UpstreamHost = "127.0.0.1", UpstreamPort = server.Port, Plan = FaultWords.Apply(FaultPlan.None, words) });

    // The connection ends: a close or a reset, either way the client reads no more.
    private static async Task ReadEndAsync(FramedClient client)
    {
        try
        {
            Assert.Null(await client.ReadAsync(Patience));
        }
        catch (IOException)
        {
            // Reset: ended too.
        }
    }

    internal static async Task WaitForAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience, "the condition did not come true within the patience");
            await Task.Delay(20);
        }
    }
}
