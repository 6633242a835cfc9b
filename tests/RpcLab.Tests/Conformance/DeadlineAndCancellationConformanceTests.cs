using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Conformance;

/// <summary>
/// Deadlines and cancellation: the client sees DeadlineExceeded or Cancelled, and the server's handler
/// is cancelled too (observed through <see cref="ObservedEcho"/>), on every transport.
/// </summary>
public sealed class DeadlineAndCancellationConformanceTests
{
    // How long a test waits for something that should happen promptly; it bounds a hang, it does not measure speed.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task A_passed_deadline_is_deadline_exceeded_and_cancels_the_handler(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);
        var withDeadline = env.Client.With(new CallOptions { Timeout = TimeSpan.FromSeconds(2) });

        // The deadline must outlast the request's trip to the server, or the handler never starts and
        // there is nothing to cancel: so the connection is opened first (a cold HTTP/2 connection on a
        // busy machine can take longer than a short deadline), and the deadline is seconds, not milliseconds.
        await env.Services.Echo.ReverseAsync("warm up");
        var error = await Assert.ThrowsAsync<RpcException>(() => withDeadline.Echo.DelayAsync("slow", 60_000).WaitAsync(Patience));
        var serverSaw = await env.ServerEcho.DelayEnded.WaitAsync(Patience);

        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.Status);
        Assert.Equal("cancelled", serverSaw);
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task A_deadline_that_is_not_reached_changes_nothing(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);
        var withDeadline = env.Client.With(new CallOptions { Timeout = TimeSpan.FromSeconds(30) });

        var reply = await withDeadline.Echo.DelayAsync("on time", 10);

        Assert.Equal("on time", reply);
        Assert.Equal("completed", await env.ServerEcho.DelayEnded.WaitAsync(Patience));
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task Cancelling_a_call_is_cancelled_on_both_sides(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);

        var error = await CancelASlowCallAsync(env);
        var serverSaw = await env.ServerEcho.DelayEnded.WaitAsync(Patience);

        Assert.Equal(RpcStatusCode.Cancelled, error.Status);
        Assert.Equal("cancelled", serverSaw);
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task A_deadline_ends_a_long_server_stream(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);
        var withDeadline = env.Client.With(new CallOptions { Timeout = TimeSpan.FromMilliseconds(500) });
        var received = 0;

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in withDeadline.Echo.RepeatAsync("tick", 10_000, intervalMs: 20))
            {
                received++;
            }
        }).WaitAsync(Patience);

        Assert.Equal(RpcStatusCode.DeadlineExceeded, error.Status);
        Assert.True(received < 10_000);
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task A_cancelled_call_does_not_disturb_the_next_one(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);

        await CancelASlowCallAsync(env);
        var reply = await env.Services.Echo.ReverseAsync("next");

        Assert.Equal("txen", reply);
    }

    // Starts a slow call, cancels it once the server's handler has it, and returns what the client then saw.
    private static async Task<RpcException> CancelASlowCallAsync(ConformanceEnvironment env)
    {
        using var cancel = new CancellationTokenSource();
        var call = env.Services.Echo.DelayAsync("slow", 60_000, cancel.Token);
        await env.ServerEcho.DelayStarted.WaitAsync(Patience);
        await cancel.CancelAsync();
        return await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(Patience));
    }
}
