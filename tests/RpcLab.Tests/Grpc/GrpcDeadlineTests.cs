using System.Net;
using System.Net.Sockets;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Client;
using RpcLab.Transports.Grpc.Protos.Echo;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Grpc;

/// <summary>grpc-timeout: honoured by the server (DEADLINE_EXCEEDED, handler cancelled) and by the client's own timer.</summary>
public sealed class GrpcDeadlineTests
{
    [Fact]
    public async Task The_server_honours_grpc_timeout_and_cancels_the_handler()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();
        var body = GrpcTestServer.Frame(new DelayRequest { Message = "slow", DelayMs = 5000 });
        await host.SendRawAsync(GrpcPaths.EchoReverse, GrpcTestServer.Frame(new EchoRequest { Message = "warm up" }));

        // Act: a raw request has no client-side timer, so the status can only come from the server.
        var raw = await host.SendRawAsync(GrpcPaths.EchoDelay, body, configure: r => r.Headers.TryAddWithoutValidation("grpc-timeout", "50m"));

        // Assert
        Assert.Equal("4", raw.HeaderStatus);
        await host.Fakes.Echo.DelayCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(await host.WaitForLoggedCallAsync(c => c.Method == GrpcPaths.EchoDelay), c => c.Status == RpcStatusCode.DeadlineExceeded && c.Method == GrpcPaths.EchoDelay);
    }

    [Fact]
    public async Task A_client_timeout_surfaces_as_deadline_exceeded_and_reaches_the_handler()
    {
        // Arrange: the connection is opened first, so the deadline is spent in the handler, not on connecting.
        await using var host = await GrpcTestServer.StartAsync();
        await host.Client.Services.Echo.ReverseAsync("warm up");
        var echo = host.Client.With(new CallOptions { Timeout = TimeSpan.FromMilliseconds(300) }).Echo;

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => echo.DelayAsync("slow", 5000));

        // Assert
        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.Status);
        await host.Fakes.Echo.DelayCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_call_that_finishes_within_its_timeout_succeeds()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();
        var echo = host.Client.With(new CallOptions { Timeout = TimeSpan.FromSeconds(30) }).Echo;

        // Act
        var reply = await echo.DelayAsync("quick", 1);

        // Assert
        Assert.Equal("quick", reply);
    }

    [Fact]
    public async Task A_streaming_call_is_cut_by_its_deadline_and_the_handler_stops()
    {
        // Arrange: the connection is opened first, so the deadline is spent on the stream, not on connecting.
        await using var host = await GrpcTestServer.StartAsync();
        await host.Client.Services.Echo.ReverseAsync("warm up");
        var echo = host.Client.With(new CallOptions { Timeout = TimeSpan.FromMilliseconds(1000) }).Echo;
        var received = new List<string>();

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var item in echo.RepeatAsync("tick", 1000, intervalMs: 50))
            {
                received.Add(item);
            }
        });

        // Assert
        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.Status);
        Assert.NotEmpty(received);
        await host.Fakes.Echo.RepeatStopped.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_client_gives_up_at_its_deadline_even_when_the_server_never_answers()
    {
        // Arrange: a TCP listener that accepts and then says nothing, not even the HTTP/2 preface.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var accepting = silent.AcceptSocketAsync();
        await using var client = GrpcClient.Create(new ClientOptions { Port = port, DefaultCall = new CallOptions { Timeout = TimeSpan.FromMilliseconds(200) } });

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => client.Services.Echo.ReverseAsync("anyone?")).WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.Status);
        (await accepting).Dispose();
    }
}
