using System.Text;
using RpcLab.Services.Errors;
using RpcLab.Tests.Infrastructure;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Raw;
using RpcLab.Transports.Raw.Framing;
using RpcLab.Transports.Raw.Server;

namespace RpcLab.Tests.Raw;

/// <summary>The lab's raw client: what it puts on the wire, its own size limit, and a connection it replaces when lost.</summary>
public sealed class RawClientTests
{
    [Fact]
    public async Task The_wire_tap_sees_each_frame_with_its_length_prefix_and_json_message()
    {
        var frames = new List<(WireDirection Direction, byte[] Bytes)>();
        await using var server = await TestServer.StartAsync(
            "raw",
            new TestServerOptions { Client = new ClientOptions { WireTap = (direction, bytes) => { lock (frames) { frames.Add((direction, bytes.ToArray())); } } } });

        await server.Client.Services.Echo.ReverseAsync("hello");

        var (sent, received) = (frames[0], frames[1]);
        Assert.Equal((WireDirection.Sent, WireDirection.Received), (sent.Direction, received.Direction));
        Assert.Equal(
            """{"header":"request","value":{"id":1,"service":"echo","rpc":"reverse","args":["hello"],"argTypes":["str"],"returnTypes":["str"]}}""",
            Payload(sent.Bytes));
        Assert.Equal("""{"header":"response","value":{"id":1,"returns":["olleh"],"returnTypes":["str"]}}""", Payload(received.Bytes));
    }

    [Fact]
    public async Task A_request_over_the_clients_limit_fails_before_a_byte_is_sent()
    {
        var sent = 0;
        await using var server = await TestServer.StartAsync(
            "raw",
            new TestServerOptions { Client = new ClientOptions { MaxMessageSize = 1024, WireTap = (direction, _) => sent += direction == WireDirection.Sent ? 1 : 0 } });

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.Services.Echo.ReverseAsync(new string('x', 2000)));
        var sentForIt = sent;

        Assert.Equal(RpcStatusCode.ResourceExhausted, error.Status);
        Assert.Equal(0, sentForIt);
        Assert.Equal("ko", await server.Client.Services.Echo.ReverseAsync("ok"));
    }

    [Fact]
    public async Task A_reply_over_the_clients_limit_fails_its_call_and_the_next_call_gets_a_new_connection()
    {
        await using var server = await TestServer.StartAsync("raw", new TestServerOptions { Client = new ClientOptions { MaxMessageSize = 16 * 1024 } });
        var files = server.Client.Services.Files;
        await files.UploadAsync("big.bin", Chunks(100 * 1024, 4 * 1024));

        // The server sends 64 KiB chunks: each frame is over this client's limit, refused from its prefix.
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in files.DownloadAsync("big.bin"))
            {
            }
        });
        var after = await server.Client.Services.Echo.ReverseAsync("again");

        Assert.Equal(RpcStatusCode.ResourceExhausted, error.Status);
        Assert.Contains("over the limit of 16384", error.Detail);
        Assert.Equal("niaga", after);
    }

    [Fact]
    public async Task A_caller_that_blocks_in_a_continuation_on_another_call_does_not_stall_the_connection()
    {
        await using var server = await TestServer.StartAsync("raw", new TestServerOptions { Client = new ClientOptions() });
        var echo = server.Client.Services.Echo;

        // ExecuteSynchronously: the continuation runs on the thread that delivers the first answer, and blocks it until
        // the second answer comes, which another thread must read. (Blocking on a task is bad style; it must not hang.)
        var nested = echo.ReverseAsync("first").ContinueWith(
            first => first.Result + " " + echo.ReverseAsync("second").GetAwaiter().GetResult(),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        Assert.Equal("tsrif dnoces", await nested.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task A_client_reconnects_when_its_server_comes_back_on_the_same_port()
    {
        await using var first = await TestServer.StartAsync("raw", new TestServerOptions { Client = new ClientOptions() });
        var port = first.Port;
        await using var client = await first.ConnectAsync();
        await client.Services.Echo.ReverseAsync("before");
        await first.Server.DisposeAsync();

        var whileDown = await Assert.ThrowsAsync<RpcException>(() => client.Services.Echo.ReverseAsync("down"));
        await using var again = RawServer.Start(RawTransport.ServiceDirectory(first.Services), new ServerOptions { Port = port });
        var afterRestart = await client.Services.Echo.ReverseAsync("after");

        Assert.Equal(RpcStatusCode.Unavailable, whileDown.Status);
        Assert.Equal("retfa", afterRestart);
    }

    private static string Payload(byte[] frame)
    {
        Assert.Equal((uint)(frame.Length - FrameLayout.PrefixSize), FrameLayout.ReadPrefix(frame));
        return Encoding.UTF8.GetString(frame, FrameLayout.PrefixSize, frame.Length - FrameLayout.PrefixSize);
    }

    private static async IAsyncEnumerable<byte[]> Chunks(int total, int size)
    {
        for (var sent = 0; sent < total; sent += size)
        {
            await Task.Yield();
            yield return new byte[Math.Min(size, total - sent)];
        }
    }
}
