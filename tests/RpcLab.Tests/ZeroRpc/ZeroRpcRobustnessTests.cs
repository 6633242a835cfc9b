using MessagePack;
using RpcLab.Services.Errors;
using RpcLab.Tests.Infrastructure;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.ZeroRpc;

namespace RpcLab.Tests.ZeroRpc;

/// <summary>
/// Hostile or broken input to our zerorpc server: each gets an ERR when the sender can be told (its message_id
/// was readable) or is dropped, always with a line in the call log, and the server goes on serving another client.
/// </summary>
public sealed class ZeroRpcRobustnessTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Malformed_msgpack_is_dropped_with_a_log_line()
    {
        await using var server = await StartAsync();
        using var peer = RawZeroRpcPeer.Dealer(server.Port);

        peer.SendPayload([0xc1, 0xff, 0x00]);
        peer.SendPayload(MessagePackSerializer.Serialize(new object[] { "not", "an event" }));
        var reply = peer.TryReceive(Quiet);
        var logged = await server.WaitForCallsAsync(c => c.Method == "-", count: 2);

        Assert.Null(reply);
        Assert.Equal(2, logged.Count(c => c.Method == "-" && c.Status == RpcStatusCode.InvalidArgument && c.Detail!.StartsWith("dropped an unreadable message", StringComparison.Ordinal)));
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task A_truncated_message_is_dropped_or_answered_when_its_id_was_readable()
    {
        await using var server = await StartAsync();
        using var peer = RawZeroRpcPeer.Dealer(server.Port);

        // The delimiter alone (no payload frame), then an event cut short inside its args.
        peer.SendFrames(new byte[0]);
        var id = peer.NewId();
        var whole = RawZeroRpcPeer.Pack(id, "echo.reverse", new object[] { "hello" });
        peer.SendPayload(whole[..^3]);
        var reply = peer.Receive();
        var logged = await server.WaitForCallsAsync(c => c.Status == RpcStatusCode.InvalidArgument, count: 2);

        Assert.Equal(("ERR", "InvalidArgument"), (reply.Name, reply.ArgsArray[0]));
        Assert.Equal(id, reply.ResponseTo);
        Assert.Contains(logged, c => c.Detail!.Contains("the payload is empty", StringComparison.Ordinal));
        Assert.Contains(logged, c => c.Detail!.Contains("malformed", StringComparison.Ordinal));
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task Unknown_event_names_are_dropped_with_a_log_line_and_the_call_goes_on()
    {
        await using var server = await StartAsync();
        using var peer = RawZeroRpcPeer.Dealer(server.Port);

        var id = peer.Request("echo.delay", "on", 300);
        peer.OnChannel(id, "_zpc_teleport", new object[] { 1 });
        peer.OnChannel(peer.NewId(), "OK", new object[] { "stray" });
        var reply = peer.Receive();
        var logged = await server.WaitForCallsAsync(c => c.Detail?.Contains("dropped", StringComparison.Ordinal) == true, count: 2);

        Assert.Equal(("OK", "on"), (reply.Name, reply.ArgsArray[0]));
        Assert.Contains(logged, c => c.Detail!.Contains("unexpected '_zpc_teleport'", StringComparison.Ordinal));
        Assert.Contains(logged, c => c.Detail!.Contains("'OK' event for no open channel", StringComparison.Ordinal));
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task A_message_over_the_limit_is_resource_exhausted_and_a_huge_one_costs_only_its_connection()
    {
        const int limit = 64 * 1024;
        await using var server = await StartAsync(limit);
        using var peer = RawZeroRpcPeer.Dealer(server.Port);

        // Over the limit but under the receive limit (twice it): read, answered, logged.
        var id = peer.Request("echo.reverse", new string('x', limit + (limit / 2)));
        var reply = peer.Receive();
        using var huge = RawZeroRpcPeer.Dealer(server.Port);
        huge.Request("echo.reverse", new string('x', 16 * limit));
        var hugeReply = huge.TryReceive(Quiet);

        Assert.Equal(("ERR", "ResourceExhausted"), (reply.Name, reply.ArgsArray[0]));
        Assert.Equal(id, reply.ResponseTo);
        Assert.Contains(await server.WaitForCallsAsync(c => c.Status == RpcStatusCode.ResourceExhausted), c => c.Method == "echo.reverse" && c.Status == RpcStatusCode.ResourceExhausted);
        Assert.Null(hugeReply);
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task A_flood_of_calls_from_one_client_is_refused_past_its_share_while_others_are_served()
    {
        await using var server = await StartAsync(zeroRpc: new ZeroRpcOptions { MaxCallsPerPeer = 10 });
        using var flood = RawZeroRpcPeer.Dealer(server.Port);

        for (var i = 0; i < 50; i++)
        {
            flood.Request("echo.delay", "flood", 3000);
        }

        var refused = Enumerable.Range(0, 40).Select(_ => flood.Receive()).ToList();
        await AssertStillServingAsync(server);
        var logged = await server.WaitForCallsAsync(c => c.Status == RpcStatusCode.ResourceExhausted, count: 40);

        Assert.All(refused, e => Assert.Equal(("ERR", "ResourceExhausted"), (e.Name, e.ArgsArray[0])));
        Assert.Equal(40, logged.Count(c => c.Method == "echo.delay" && c.Status == RpcStatusCode.ResourceExhausted));
    }

    [Fact]
    public async Task Wrong_argument_types_and_hostile_nesting_are_invalid_argument()
    {
        await using var server = await StartAsync();
        using var peer = RawZeroRpcPeer.Dealer(server.Port);

        peer.Request("echo.repeat", "x", 1L << 40);
        var outOfRange = peer.Receive();
        peer.Request("echo.reverse", (object?)null);
        var nil = peer.Receive();
        var nested = new byte[10_000];
        Array.Fill(nested, (byte)0x91); // [[[[...
        nested[^1] = 0xc0;
        var id = peer.NewId();
        var head = RawZeroRpcPeer.Pack(id, "echo.reverse", Array.Empty<object>());
        peer.SendPayload([.. head[..^1], 0x91, .. nested]); // args: [ 10 000 nested arrays ]
        var deep = peer.Receive();

        Assert.Equal(("ERR", "InvalidArgument"), (outOfRange.Name, outOfRange.ArgsArray[0]));
        Assert.Contains("count", (string)outOfRange.ArgsArray[1]!);
        Assert.Equal(("ERR", "InvalidArgument"), (nil.Name, nil.ArgsArray[0]));
        Assert.Equal(("ERR", "InvalidArgument"), (deep.Name, deep.ArgsArray[0]));
        await AssertStillServingAsync(server);
    }

    private static Task<TestServer> StartAsync(int maxMessageSize = RpcLimits.DefaultMaxMessageSize, ZeroRpcOptions? zeroRpc = null) =>
        TestServer.StartAsync(new ZeroRpcTransport(zeroRpc), new TestServerOptions { Server = new ServerOptions { MaxMessageSize = maxMessageSize } });

    // Another client, with our own typed client, is served normally.
    private static async Task AssertStillServingAsync(TestServer server)
    {
        await using var client = await server.ConnectAsync();
        Assert.Equal("olleh", await client.Services.Echo.ReverseAsync("hello").WaitAsync(RawZeroRpcPeer.Patience));
    }
}
