using System.Text.Json;
using RpcLab.Services.Errors;
using RpcLab.Tests.Infrastructure;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Raw;
using RpcLab.Transports.Raw.Framing;
using RpcLab.Transports.Raw.Server;

namespace RpcLab.Tests.Raw;

/// <summary>
/// Whatever one connection sends (a truncated frame, a huge declared length, invalid JSON, half a frame and then
/// nothing, requests it never reads the answers of), the server ends or slows that connection only and keeps
/// serving the others, here the lab's own raw client.
/// </summary>
public sealed class RawServerRobustnessTests
{
    private const int MaxMessageSize = 64 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_truncated_frame_ends_that_connection_only()
    {
        await using var server = await StartAsync();
        await using (var rude = await RawSocket.ConnectAsync(server.Port))
        {
            await rude.SendBytesAsync(FrameLayout.Frame(new byte[100])[..14]);
        }

        await using var next = await RawSocket.ConnectAsync(server.Port);
        await next.SendMessageAsync(RawMessages.Reverse(1, "abc"));

        Assert.Equal("cba", (await next.ReadMessageAsync()).GetProperty("value").GetProperty("returns")[0].GetString());
        Assert.Equal("ok", await server.Client.Services.Echo.ReverseAsync("ko"));
    }

    [Fact]
    public async Task A_huge_declared_length_is_refused_from_its_prefix_and_closes_that_connection_only()
    {
        await using var server = await StartAsync();
        await using var rude = await RawSocket.ConnectAsync(server.Port);

        await rude.SendBytesAsync([0xFF, 0xFF, 0xFF, 0xF0]);
        var refusal = (await rude.ReadMessageAsync()).GetProperty("value");

        Assert.Equal("Message Too Large", refusal.GetProperty("type").GetString());
        Assert.Equal("ResourceExhausted", refusal.GetProperty("status").GetString());
        Assert.False(refusal.TryGetProperty("id", out _));
        Assert.Contains("4294967280", refusal.GetProperty("message").GetString());
        Assert.True(await rude.ClosedByServerAsync());
        Assert.Equal("ok", await server.Client.Services.Echo.ReverseAsync("ko"));
    }

    [Fact]
    public async Task Invalid_json_is_a_protocol_error_and_the_same_connection_goes_on()
    {
        await using var server = await StartAsync();
        await using var peer = await RawSocket.ConnectAsync(server.Port);

        await peer.SendMessageAsync("{\"header\": \"request\", \"value\": {");
        var error = (await peer.ReadMessageAsync()).GetProperty("value");
        await peer.SendMessageAsync(RawMessages.Reverse(2, "after"));
        var reply = (await peer.ReadMessageAsync()).GetProperty("value");

        Assert.Equal("Protocol Error", error.GetProperty("type").GetString());
        Assert.Equal((2, "retfa"), (reply.GetProperty("id").GetInt32(), reply.GetProperty("returns")[0].GetString()));
    }

    [Fact]
    public async Task Half_a_frame_and_a_stall_holds_up_no_one_and_that_connection_is_closed_after_the_stall_timeout()
    {
        await using var server = await StartAsync();
        await using var staller = await RawSocket.ConnectAsync(server.Port);
        var frame = FrameLayout.Frame(System.Text.Encoding.UTF8.GetBytes(RawMessages.Reverse(1, "never")));

        await staller.SendBytesAsync(frame[..(frame.Length / 2)]);
        var servedMeanwhile = await server.Client.Services.Echo.ReverseAsync("meanwhile");

        Assert.Equal("elihwnaem", servedMeanwhile);
        Assert.True(await staller.ClosedByServerAsync());
        Assert.Equal("ok", await server.Client.Services.Echo.ReverseAsync("ko"));
    }

    [Fact]
    public async Task A_client_that_never_reads_its_answers_holds_up_no_one_and_is_closed_after_the_stall_timeout()
    {
        await using var server = await StartAsync();
        await using var deaf = await RawSocket.ConnectAsync(server.Port);
        var big = new string('x', MaxMessageSize - 200);

        // Requests whose answers it never reads: the server's sends back up, then its reads pause, then ours do.
        var flooding = Task.Run(async () =>
        {
            try
            {
                for (var id = 1; id <= 400; id++)
                {
                    await deaf.SendMessageAsync(RawMessages.Reverse(id, big));
                }
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                // The server closed the connection under our feet: the expected end.
            }
        });
        var servedMeanwhile = await server.Client.Services.Echo.ReverseAsync("meanwhile");
        var closed = await WaitUntilAsync(() => ((RawServer)server.Server).ConnectionCount == 1); // the lab client's alone
        await flooding.WaitAsync(Patience);

        Assert.Equal("elihwnaem", servedMeanwhile);
        Assert.True(closed, "the server should have closed the connection that never reads");
        Assert.Equal("ok", await server.Client.Services.Echo.ReverseAsync("ko"));
    }

    [Fact]
    public async Task Refusals_name_what_would_have_been_accepted()
    {
        await using var server = await StartAsync();
        await using var peer = await RawSocket.ConnectAsync(server.Port);

        var unknownService = await CallAsync(peer, RawMessages.Request(1, "weather", "today", "[]", "[]"));
        var unknownRpc = await CallAsync(peer, RawMessages.Request(2, "echo", "shout", "[\"x\"]", "[\"str\"]"));
        var wrongTypes = await CallAsync(peer, RawMessages.Request(3, "echo", "reverse", "[5]", "[\"int\"]"));
        var wrongValue = await CallAsync(peer, RawMessages.Request(4, "echo", "reverse", "[5]", "[\"str\"]"));
        var wrongReturns = await CallAsync(peer, RawMessages.Request(5, "echo", "reverse", "[\"x\"]", "[\"str\"]", "\"returnTypes\":[\"int\"]"));

        Assert.Equal(("Service Not Found", "Unimplemented"), Kind(unknownService));
        Assert.Contains("it provides compute, echo, files, sum, users", Message(unknownService));
        Assert.Equal(("RPC Not Found", "Unimplemented"), Kind(unknownRpc));
        Assert.Contains("reverse", Message(unknownRpc));
        Assert.Equal(("Invalid Arguments", "InvalidArgument"), Kind(wrongTypes));
        Assert.Contains("valid: reverse(str) -> str", Message(wrongTypes));
        Assert.Equal("Invalid Arguments", Kind(wrongValue).Type);
        Assert.Contains("argument 1 is declared str but is 5", Message(wrongValue));
        Assert.Contains("returns (str), not (int)", Message(wrongReturns));
    }

    [Fact]
    public async Task A_deadline_on_the_wire_ends_the_call_with_deadline_exceeded()
    {
        await using var server = await StartAsync();
        await using var peer = await RawSocket.ConnectAsync(server.Port);

        var reply = await CallAsync(peer, RawMessages.Request(9, "echo", "delay", "[\"slow\", 60000]", "[\"str\",\"int\"]", "\"timeoutMs\":100"));

        Assert.Equal(9, reply.GetProperty("id").GetInt32());
        Assert.Equal(("Deadline Exceeded", "DeadlineExceeded"), Kind(reply));
        Assert.Equal("cancelled", await server.Echo.DelayEnded.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_deadline_beyond_what_a_timer_can_count_is_no_deadline()
    {
        await using var server = await StartAsync();
        await using var peer = await RawSocket.ConnectAsync(server.Port);

        var reply = await CallAsync(peer, RawMessages.Request(1, "echo", "reverse", "[\"far\"]", "[\"str\"]", "\"timeoutMs\":99999999999999"));

        Assert.Equal("raf", reply.GetProperty("returns")[0].GetString());
    }

    [Fact]
    public async Task A_cancel_stops_the_call_which_is_answered_no_more_and_logged_cancelled()
    {
        await using var server = await StartAsync();
        await using var peer = await RawSocket.ConnectAsync(server.Port);

        await peer.SendMessageAsync(RawMessages.Request(1, "echo", "delay", "[\"slow\", 60000]", "[\"str\",\"int\"]"));
        await server.Echo.DelayStarted.WaitAsync(Patience);
        await peer.SendMessageAsync("""{"header":"cancel","value":{"id":1}}""");
        var next = await CallAsync(peer, RawMessages.Reverse(2, "next"));
        var calls = await server.WaitForCallsAsync(c => c.Method == "echo.delay");

        Assert.Equal("cancelled", await server.Echo.DelayEnded.WaitAsync(Patience));
        Assert.Equal(2, next.GetProperty("id").GetInt32());
        Assert.Contains(calls, c => c.Method == "echo.delay" && c.Status == RpcStatusCode.Cancelled);
    }

    [Fact]
    public async Task A_second_request_with_an_id_in_progress_is_refused_and_the_first_still_answered()
    {
        await using var server = await StartAsync();
        await using var peer = await RawSocket.ConnectAsync(server.Port);

        await peer.SendMessageAsync(RawMessages.Request(5, "echo", "delay", "[\"first\", 300]", "[\"str\",\"int\"]"));
        await server.Echo.DelayStarted.WaitAsync(Patience);
        await peer.SendMessageAsync(RawMessages.Reverse(5, "second"));
        var refusal = (await peer.ReadMessageAsync()).GetProperty("value");
        var first = (await peer.ReadMessageAsync()).GetProperty("value");

        Assert.Equal("Protocol Error", refusal.GetProperty("type").GetString());
        Assert.Contains("already in progress", refusal.GetProperty("message").GetString());
        Assert.Equal("first", first.GetProperty("returns")[0].GetString());
    }

    [Fact]
    public async Task A_client_that_half_closes_after_its_request_still_gets_the_answer()
    {
        await using var server = await StartAsync();
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.Port);

        await socket.SendAsync(FrameLayout.Frame(System.Text.Encoding.UTF8.GetBytes(RawMessages.Request(1, "echo", "delay", "[\"late\", 200]", "[\"str\",\"int\"]"))));
        socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        var received = new List<byte>();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Patience);
        int n;
        while ((n = await socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, timeout.Token)) > 0)
        {
            received.AddRange(buffer[..n]);
        }

        var payload = JsonDocument.Parse(received.Skip(FrameLayout.PrefixSize).ToArray()).RootElement;
        Assert.Equal("late", payload.GetProperty("value").GetProperty("returns")[0].GetString());
    }

    private static Task<TestServer> StartAsync() =>
        TestServer.StartAsync(
            new RawTransport(new RawOptions { StallTimeout = TimeSpan.FromSeconds(1) }),
            new TestServerOptions
            {
                Server = new ServerOptions { MaxMessageSize = MaxMessageSize },
                Client = new ClientOptions { MaxMessageSize = MaxMessageSize },
            });

    private static async Task<JsonElement> CallAsync(RawSocket peer, string request)
    {
        await peer.SendMessageAsync(request);
        return (await peer.ReadMessageAsync()).GetProperty("value");
    }

    private static (string? Type, string? Status) Kind(JsonElement exception) =>
        (exception.GetProperty("type").GetString(), exception.GetProperty("status").GetString());

    private static string Message(JsonElement exception) => exception.GetProperty("message").GetString()!;

    private static async Task<bool> WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            if (timeout.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(20, CancellationToken.None);
        }

        return true;
    }
}
