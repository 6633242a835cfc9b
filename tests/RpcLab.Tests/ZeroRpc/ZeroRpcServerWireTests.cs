using System.Text;
using RpcLab.Services.Errors;
using RpcLab.Tests.Infrastructure;
using RpcLab.Transports.ZeroRpc;

namespace RpcLab.Tests.ZeroRpc;

/// <summary>
/// Our zerorpc server, driven event by event from a raw DEALER: the reply header, credit, heartbeats (with a
/// short interval, so a lost peer takes a second, not twenty), cancellation and the request-stream extension.
/// </summary>
public sealed class ZeroRpcServerWireTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task A_reply_echoes_the_request_id_as_bin_and_has_a_fresh_hex_id_and_version_3()
    {
        await using var server = await TestServer.StartAsync("zerorpc");
        using var peer = RawZeroRpcPeer.Dealer(server.Port);

        var id = peer.Request("echo.reverse", "hello");
        var reply = peer.Receive();

        Assert.Equal("OK", reply.Name);
        Assert.Equal(["olleh"], reply.ArgsArray);
        Assert.Equal(id, reply.ResponseTo);
        Assert.Matches("^[0-9a-f]{32}$", Encoding.ASCII.GetString(reply.MessageId));
        Assert.NotEqual(id, reply.MessageId);
        Assert.Equal(3, Convert.ToInt32(reply.Header["v"]));
    }

    [Fact]
    public async Task A_stream_sends_one_event_then_waits_for_credit()
    {
        await using var server = await TestServer.StartAsync("zerorpc");
        using var peer = RawZeroRpcPeer.Dealer(server.Port);

        var id = peer.Request("echo.repeat", "x", 5);
        var first = peer.Receive();
        var beyondCredit = peer.TryReceive(Quiet);
        peer.OnChannel(id, "_zpc_more", new object[] { 2 });
        var granted = new[] { peer.Receive(), peer.Receive() };
        var beyondGrant = peer.TryReceive(Quiet);
        peer.OnChannel(id, "_zpc_more", new object[] { 100 });
        var rest = new[] { peer.Receive(), peer.Receive(), peer.Receive() };

        Assert.Equal(("STREAM", "x #1"), (first.Name, first.Args));
        Assert.Null(beyondCredit);
        Assert.Equal(["x #2", "x #3"], granted.Select(e => e.Args));
        Assert.Null(beyondGrant);
        Assert.Equal(["STREAM", "STREAM", "STREAM_DONE"], rest.Select(e => e.Name));
        Assert.Equal(["x #4", "x #5", null], rest.Select(e => e.Args));
    }

    [Fact]
    public async Task The_server_heartbeats_first_and_cancels_the_handler_of_a_client_gone_silent()
    {
        await using var server = await StartAsync(new ZeroRpcOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(200) });
        using var peer = RawZeroRpcPeer.Dealer(server.Port);

        var id = peer.Request("echo.delay", "slow", 60_000);
        var first = peer.Receive(heartbeats: true);
        var handler = await server.Echo.DelayEnded.WaitAsync(RawZeroRpcPeer.Patience);
        var logged = await server.WaitForCallsAsync(c => c.Method == "echo.delay");

        Assert.Equal("_zpc_hb", first.Name);
        Assert.Equal(id, first.ResponseTo);
        Assert.Equal([0], first.ArgsArray.Select(Convert.ToInt32));
        Assert.Equal("cancelled", handler);
        Assert.Contains(logged, c => c.Method == "echo.delay" && c.Status == RpcStatusCode.Cancelled && c.Detail!.Contains("no heartbeat"));
    }

    [Fact]
    public async Task A_client_that_heartbeats_keeps_a_call_alive_past_the_heartbeat_timeout()
    {
        // A 2 s interval leaves a busy machine (a test thread may stall for a second or more) time to answer each
        // beat; the call outlasts the 4 s timeout.
        await using var server = await StartAsync(new ZeroRpcOptions { HeartbeatInterval = TimeSpan.FromSeconds(2) });
        using var peer = RawZeroRpcPeer.Dealer(server.Port);

        var id = peer.Request("echo.delay", "kept", 5000);
        RawEvent reply;
        while ((reply = peer.Receive(heartbeats: true)).Name == "_zpc_hb")
        {
            peer.OnChannel(id, "_zpc_hb", new object[] { 0 });
        }

        Assert.Equal(("OK", "kept"), (reply.Name, reply.ArgsArray[0]));
    }

    [Fact]
    public async Task A_cancel_event_cancels_the_handler_at_once_and_nothing_more_is_sent()
    {
        await using var server = await TestServer.StartAsync("zerorpc");
        using var peer = RawZeroRpcPeer.Dealer(server.Port);

        var id = peer.Request("echo.delay", "slow", 60_000);
        await server.Echo.DelayStarted.WaitAsync(RawZeroRpcPeer.Patience);
        peer.OnChannel(id, "_zpc_cancel", new object[] { "DeadlineExceeded" });
        var handler = await server.Echo.DelayEnded.WaitAsync(RawZeroRpcPeer.Patience);
        var logged = await server.WaitForCallsAsync(c => c.Method == "echo.delay");
        var after = peer.TryReceive(Quiet);

        Assert.Equal("cancelled", handler);
        Assert.Contains(logged, c => c.Method == "echo.delay" && c.Status == RpcStatusCode.DeadlineExceeded);
        Assert.Null(after);
    }

    [Fact]
    public async Task A_request_stream_travels_as_STREAM_events_under_the_servers_credit()
    {
        await using var server = await TestServer.StartAsync("zerorpc");
        using var peer = RawZeroRpcPeer.Dealer(server.Port);

        var id = peer.NewId();
        peer.SendPayload(RawZeroRpcPeer.Pack(id, "echo.collect", Array.Empty<object>(), extraHeader: new Dictionary<string, object> { ["request_stream"] = true }));
        var grant = peer.Receive();
        peer.OnChannel(id, "STREAM", "a");
        peer.OnChannel(id, "STREAM", "b");
        peer.OnChannel(id, "STREAM_DONE", null);
        var reply = peer.Receive();

        Assert.Equal(("_zpc_more", 100), (grant.Name, Convert.ToInt32(grant.ArgsArray[0])));
        Assert.Equal(("OK", "a b"), (reply.Name, reply.ArgsArray[0]));
    }

    [Fact]
    public async Task A_client_streaming_method_without_the_extension_is_unimplemented_with_the_reason()
    {
        await using var server = await TestServer.StartAsync("zerorpc");
        using var peer = RawZeroRpcPeer.Dealer(server.Port);

        peer.Request("files.upload", "a.txt");
        var reply = peer.Receive();

        Assert.Equal("ERR", reply.Name);
        Assert.Equal("Unimplemented", reply.ArgsArray[0]);
        Assert.Contains("request_stream", (string)reply.ArgsArray[1]!);
    }

    private static Task<TestServer> StartAsync(ZeroRpcOptions options) => TestServer.StartAsync(new ZeroRpcTransport(options));
}
