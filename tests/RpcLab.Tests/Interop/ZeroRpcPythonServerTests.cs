using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Interop;

/// <summary>
/// Our zerorpc client against a foreign server written from the protocol's facts on pyzmq + msgpack: calls,
/// errors named the Python way and ours, a 250-item stream under credit, deadlines, and a call that outlives the
/// heartbeat timeout (the Python server drops a channel whose client stops heartbeating).
/// </summary>
public sealed class ZeroRpcPythonServerTests
{
    [PeerFact(Peer.PythonZeroRpc)]
    public async Task Unary_call_and_a_record_from_a_map()
    {
        await using var server = await ZeroRpcPythonServer.StartAsync();

        var reply = await server.Client.Services.Echo.ReverseAsync("hello");
        var user = await server.Client.Services.Users.GetAsync("1");

        Assert.Equal("olleh", reply);
        Assert.Equal(new User("1", "John Doe", "john.doe@example.com"), user);
    }

    [PeerFact(Peer.PythonZeroRpc)]
    public async Task Errors_map_back_to_statuses()
    {
        await using var server = await ZeroRpcPythonServer.StartAsync();
        var services = server.Client.Services;

        var notFound = await Assert.ThrowsAsync<RpcException>(() => services.Users.GetAsync("999"));
        var invalid = await Assert.ThrowsAsync<RpcException>(() => services.Users.CreateAsync("", "a@example.com"));
        var unknownMethod = await Assert.ThrowsAsync<RpcException>(() => services.Echo.CollectAsync(Items("a")));
        var after = await services.Echo.ReverseAsync("ok");

        Assert.Equal((RpcStatusCode.NotFound, "no user with id '999' (python server)"), (notFound.Status, notFound.Detail));
        Assert.Equal(RpcStatusCode.InvalidArgument, invalid.Status);
        Assert.Equal(RpcStatusCode.Unimplemented, unknownMethod.Status);
        Assert.Equal("ko", after);
    }

    [PeerFact(Peer.PythonZeroRpc)]
    public async Task A_stream_of_250_items_grants_credit_as_the_reference_client_does()
    {
        await using var server = await ZeroRpcPythonServer.StartAsync();

        var items = new List<string>();
        await foreach (var item in server.Client.Services.Echo.RepeatAsync("item", 250))
        {
            items.Add(item);
        }

        var logged = await server.WaitForCallAsync("echo.repeat");
        var grants = logged.GetProperty("grants").EnumerateArray().Select(e => e.GetInt32()).ToList();

        // 251 events need 1 + 100 + 3 x 51 slots; a fifth grant, made as the client reads on, may come after the end.
        Assert.Equal(Enumerable.Range(1, 250).Select(i => $"item #{i}"), items);
        Assert.Equal("STREAM_DONE", logged.GetProperty("status").GetString());
        Assert.Equal([100, 51, 51, 51], grants.Take(4));
        Assert.All(grants.Skip(4), g => Assert.Equal(51, g));
    }

    [PeerFact(Peer.PythonZeroRpc)]
    public async Task A_deadline_fails_the_call_tells_the_server_and_the_client_goes_on()
    {
        await using var server = await ZeroRpcPythonServer.StartAsync();
        var hurried = server.Client.With(new CallOptions { Timeout = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<RpcException>(() => hurried.Echo.DelayAsync("late", 3000));
        var after = await server.Client.Services.Echo.ReverseAsync("hello");
        var logged = await server.WaitForCallAsync("echo.delay");

        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.Status);
        Assert.Equal("olleh", after);
        Assert.Equal("DeadlineExceeded", logged.GetProperty("cancel").GetString());
    }

    // One of the few slow tests: it must outlast the 15-20 s after which a silent peer counts as lost.
    [PeerFact(Peer.PythonZeroRpc)]
    public async Task A_call_longer_than_the_heartbeat_timeout_is_kept_alive_by_our_heartbeats()
    {
        await using var server = await ZeroRpcPythonServer.StartAsync();

        var reply = await server.Client.Services.Echo.DelayAsync("slow", 16_000);
        var logged = await server.WaitForCallAsync("echo.delay");

        Assert.Equal("slow", reply);
        Assert.Equal("OK", logged.GetProperty("status").GetString());
        Assert.True(logged.GetProperty("heartbeats_received").GetInt32() >= 2, logged.ToString());
    }

    private static async IAsyncEnumerable<string> Items(params string[] items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
