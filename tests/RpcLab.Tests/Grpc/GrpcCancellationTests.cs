using RpcLab.Services.Errors;

namespace RpcLab.Tests.Grpc;

/// <summary>A client that goes away cancels the handler; the server keeps serving everyone else.</summary>
public sealed class GrpcCancellationTests
{
    [Fact]
    public async Task Cancelling_a_call_cancels_the_handler_and_the_server_keeps_serving()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();
        var echo = host.Client.Services.Echo;
        using var cancel = new CancellationTokenSource();
        var slow = echo.DelayAsync("slow", 30_000, cancel.Token);
        await host.Fakes.Echo.DelayStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Act
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => slow);
        await host.Fakes.Echo.DelayCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var next = await echo.ReverseAsync("still here");

        // Assert
        Assert.Equal(RpcStatusCode.Cancelled, error.Status);
        Assert.Equal("ereh llits", next);
    }

    [Fact]
    public async Task Leaving_a_server_stream_early_stops_the_handler()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();
        var first = (string?)null;

        // Act: break after one item of a long stream; disposing the enumerator resets the HTTP/2 stream.
        await foreach (var item in host.Client.Services.Echo.RepeatAsync("tick", 10_000, intervalMs: 20))
        {
            first = item;
            break;
        }

        // Assert
        Assert.Equal("tick #1", first);
        await host.Fakes.Echo.RepeatStopped.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("a", await host.Client.Services.Echo.ReverseAsync("a"));
    }

    [Fact]
    public async Task Stopping_the_server_ends_calls_in_progress_with_unavailable()
    {
        // Arrange
        var host = await GrpcTestServer.StartAsync();
        RpcException error;
        try
        {
            var slow = host.Client.Services.Echo.DelayAsync("slow", 30_000);
            await host.Fakes.Echo.DelayStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

            // Act
            await host.Server.DisposeAsync();
            error = await Assert.ThrowsAsync<RpcException>(() => slow).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await host.DisposeAsync();
        }

        // Assert
        Assert.Equal(RpcStatusCode.Unavailable, error.Status);
    }
}
