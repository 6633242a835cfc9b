using RpcLab.Services.Errors;
using RpcLab.Services;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.ZeroRpc;

namespace RpcLab.Tests.ZeroRpc;

/// <summary>
/// Our zerorpc client against a server played by hand (a raw ROUTER), and against servers that go away:
/// heartbeats, lost servers, refused connections, reconnecting, cancellation on the wire, the wire tap.
/// </summary>
public sealed class ZeroRpcClientTests
{
    private static readonly ZeroRpcOptions FastHeartbeat = new() { HeartbeatInterval = TimeSpan.FromMilliseconds(200) };

    [Fact]
    public async Task A_server_that_stops_answering_is_lost_after_two_heartbeat_intervals()
    {
        using var server = RawZeroRpcPeer.Router();
        await using var client = await ConnectAsync(server.Port, FastHeartbeat);

        var call = client.Services.Echo.ReverseAsync("anyone?");
        var request = server.Receive();
        var clientBeat = server.Receive(heartbeats: true);
        var error = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(RawZeroRpcPeer.Patience));

        Assert.Equal("echo.reverse", request.Name);
        Assert.Equal("_zpc_hb", clientBeat.Name);
        Assert.Equal(request.MessageId, clientBeat.ResponseTo);
        Assert.Equal(RpcStatusCode.Unavailable, error.Status);
        Assert.Contains("no heartbeat", error.Detail);
    }

    [Fact]
    public async Task A_server_killed_mid_call_is_unavailable_at_once_and_the_client_works_again_with_a_new_server()
    {
        var killed = RawZeroRpcPeer.Router();
        var port = killed.Port;
        await using var client = await ConnectAsync(port, ZeroRpcOptions.Default);
        var call = client.Services.Echo.DelayAsync("slow", 60_000);
        killed.Receive();

        // Closing the socket is what the kernel does to a killed process's connections.
        killed.Dispose();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(RawZeroRpcPeer.Patience));
        await using var services = ServiceHost.Create(new ServiceOptions());
        await using var restarted = await new ZeroRpcTransport().StartServerAsync(services.Services, new ServerOptions { Port = port });
        var reply = await RetryWhileUnavailableAsync(() => client.Services.Echo.ReverseAsync("back"));

        Assert.Equal(RpcStatusCode.Unavailable, error.Status);
        Assert.Contains("lost the connection", error.Detail);
        Assert.Equal("kcab", reply);
    }

    [Fact]
    public async Task No_server_is_unavailable_and_the_request_is_not_delivered_late()
    {
        int port;
        using (var probe = RawZeroRpcPeer.Router())
        {
            port = probe.Port;
        }

        await using var client = await ConnectAsync(port, ZeroRpcOptions.Default);
        var error = await Assert.ThrowsAsync<RpcException>(() => client.Services.Users.DeleteAsync("1").WaitAsync(RawZeroRpcPeer.Patience));
        using var late = RawZeroRpcPeer.Router(port);
        var delivered = late.TryReceive(TimeSpan.FromSeconds(1));

        // Usually "no zerorpc server ... (connection refused)"; a free port in the ephemeral range can also connect
        // to itself (TCP simultaneous open), which ends as a lost connection: Unavailable either way.
        Assert.Equal(RpcStatusCode.Unavailable, error.Status);
        Assert.Contains($"127.0.0.1:{port}", error.Detail);
        Assert.Null(delivered);
    }

    [Fact]
    public async Task Cancelling_a_call_sends_zpc_cancel_on_its_channel()
    {
        using var server = RawZeroRpcPeer.Router();
        await using var client = await ConnectAsync(server.Port, ZeroRpcOptions.Default);
        using var cancel = new CancellationTokenSource();
        var deadline = client.With(new CallOptions { Timeout = TimeSpan.FromMilliseconds(300) });

        var cancelled = client.Services.Echo.DelayAsync("a", 60_000, cancel.Token);
        var first = server.Receive();
        await cancel.CancelAsync();
        var cancelledError = await Assert.ThrowsAsync<RpcException>(() => cancelled.WaitAsync(RawZeroRpcPeer.Patience));
        var firstCancel = server.Receive();
        var expired = await Assert.ThrowsAsync<RpcException>(() => deadline.Echo.DelayAsync("b", 60_000).WaitAsync(RawZeroRpcPeer.Patience));
        var second = server.Receive();
        var secondCancel = server.Receive();

        Assert.Equal(RpcStatusCode.Cancelled, cancelledError.Status);
        Assert.Equal(("_zpc_cancel", "Cancelled"), (firstCancel.Name, firstCancel.ArgsArray[0]));
        Assert.Equal(first.MessageId, firstCancel.ResponseTo);
        Assert.Equal(RpcStatusCode.DeadlineExceeded, expired.Status);
        Assert.Equal("echo.delay", second.Name);
        Assert.Equal(("_zpc_cancel", "DeadlineExceeded"), (secondCancel.Name, secondCancel.ArgsArray[0]));
        Assert.Equal(second.MessageId, secondCancel.ResponseTo);
    }

    [Fact]
    public async Task Replies_it_cannot_use_fail_the_call_clearly()
    {
        using var server = RawZeroRpcPeer.Router();
        await using var client = await ConnectAsync(server.Port, ZeroRpcOptions.Default);

        var stream = client.Services.Echo.ReverseAsync("x");
        var request = server.Receive();
        server.SendPayload(RawZeroRpcPeer.Pack(server.NewId(), "STREAM", "surprise", request.MessageId));
        var shape = await Assert.ThrowsAsync<RpcException>(() => stream.WaitAsync(RawZeroRpcPeer.Patience));
        var python = client.Services.Echo.ReverseAsync("y");
        request = server.Receive();
        server.SendPayload(RawZeroRpcPeer.Pack(server.NewId(), "ERR", new object[] { "ValueError", "bad value", "Traceback ..." }, request.MessageId));
        var pythonError = await Assert.ThrowsAsync<RpcException>(() => python.WaitAsync(RawZeroRpcPeer.Patience));
        var wrongType = client.Services.Echo.ReverseAsync("z");
        request = server.Receive();
        server.SendPayload(RawZeroRpcPeer.Pack(server.NewId(), "OK", new object[] { 42 }, request.MessageId));
        var typeError = await Assert.ThrowsAsync<RpcException>(() => wrongType.WaitAsync(RawZeroRpcPeer.Patience));

        Assert.Equal(RpcStatusCode.Internal, shape.Status);
        Assert.Equal((RpcStatusCode.Unknown, "ValueError: bad value"), (pythonError.Status, pythonError.Detail));
        Assert.Equal(RpcStatusCode.Internal, typeError.Status);
        Assert.Contains("a str", typeError.Detail);
    }

    [Fact]
    public async Task The_wire_tap_sees_each_events_msgpack_payload()
    {
        await using var services = ServiceHost.Create(new ServiceOptions());
        await using var server = await new ZeroRpcTransport().StartServerAsync(services.Services, new ServerOptions());
        var tapped = new System.Collections.Concurrent.ConcurrentQueue<(WireDirection Direction, byte[] Bytes)>();
        await using var client = await new ZeroRpcTransport().ConnectAsync(new ClientOptions
        {
            Port = server.Port,
            WireTap = (direction, bytes) => tapped.Enqueue((direction, bytes.ToArray())),
        });

        await client.Services.Echo.ReverseAsync("tap");

        var sent = Assert.Single(tapped, t => t.Direction == WireDirection.Sent);
        var received = Assert.Single(tapped, t => t.Direction == WireDirection.Received);
        var request = MessagePack.MessagePackSerializer.Deserialize<object[]>(sent.Bytes, MessagePack.Resolvers.ContractlessStandardResolver.Options);
        var reply = MessagePack.MessagePackSerializer.Deserialize<object[]>(received.Bytes, MessagePack.Resolvers.ContractlessStandardResolver.Options);
        Assert.Equal(("echo.reverse", "tap"), ((string)request[1], ((object[])request[2])[0]));
        Assert.Equal(("OK", "pat"), ((string)reply[1], ((object[])reply[2])[0]));
    }

    [Fact]
    public async Task A_caller_that_blocks_in_a_continuation_on_another_call_does_not_stall_the_client()
    {
        await using var services = ServiceHost.Create(new ServiceOptions());
        await using var server = await new ZeroRpcTransport().StartServerAsync(services.Services, new ServerOptions());
        await using var client = await ConnectAsync(server.Port, ZeroRpcOptions.Default);
        var echo = client.Services.Echo;

        // ExecuteSynchronously: the continuation runs on the thread that completes the first call, and blocks it until
        // the second answer comes, which the socket's thread must read. (Bad style; by default it must not hang.)
        var nested = echo.ReverseAsync("first").ContinueWith(
            first => first.Result + " " + echo.ReverseAsync("second").GetAwaiter().GetResult(),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        Assert.Equal("tsrif dnoces", await nested.WaitAsync(RawZeroRpcPeer.Patience));
    }

    [Fact]
    public async Task With_inline_replies_every_call_shape_and_concurrent_callers_work_as_without()
    {
        await using var services = ServiceHost.Create(new ServiceOptions());
        await using var server = await new ZeroRpcTransport().StartServerAsync(services.Services, new ServerOptions());
        await using var client = await ConnectAsync(server.Port, ZeroRpcOptions.Default with { InlineReplies = true });
        var echo = client.Services.Echo;

        var sequential = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            sequential.Add(await echo.ReverseAsync($"ab{i}"));
        }

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(async caller =>
        {
            var replies = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                replies.Add(await echo.ReverseAsync($"{caller}:{i}"));
            }

            return replies;
        }));

        // Past the first credit window (100) both ways, so grants are sent from the caller's inline continuation.
        var repeated = new List<string>();
        await foreach (var item in echo.RepeatAsync("x", 150))
        {
            repeated.Add(item);
        }

        var collected = await echo.CollectAsync(Items(150));
        var failed = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in echo.RepeatAsync("x", -1))
            {
            }
        });
        var late = await Assert.ThrowsAsync<RpcException>(() => client.With(new CallOptions { Timeout = TimeSpan.FromMilliseconds(100) }).Echo.DelayAsync("slow", 60_000));
        var after = await echo.ReverseAsync("after");

        Assert.Equal(Enumerable.Range(0, 20).Select(i => Reversed($"ab{i}")), sequential);
        Assert.All(concurrent.Select((replies, caller) => (replies, caller)), c =>
            Assert.Equal(Enumerable.Range(0, 10).Select(i => Reversed($"{c.caller}:{i}")), c.replies));
        Assert.Equal(Enumerable.Range(1, 150).Select(i => $"x #{i}"), repeated);
        Assert.Equal(string.Join(' ', Enumerable.Range(0, 150)), collected);
        Assert.Equal(RpcStatusCode.InvalidArgument, failed.Status);
        Assert.Equal(RpcStatusCode.DeadlineExceeded, late.Status);
        Assert.Equal("retfa", after);
    }

    private static string Reversed(string text)
    {
        var chars = text.ToCharArray();
        Array.Reverse(chars);
        return new string(chars);
    }

    private static async IAsyncEnumerable<string> Items(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static Task<IRpcClient> ConnectAsync(int port, ZeroRpcOptions options) =>
        new ZeroRpcTransport(options).ConnectAsync(new ClientOptions { Port = port });

    // A client reconnects on its own; until the new server has the connection a call may find none.
    private static async Task<T> RetryWhileUnavailableAsync<T>(Func<Task<T>> call)
    {
        using var patience = new CancellationTokenSource(RawZeroRpcPeer.Patience);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (e.Status == RpcStatusCode.Unavailable && !patience.IsCancellationRequested)
            {
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }
}
