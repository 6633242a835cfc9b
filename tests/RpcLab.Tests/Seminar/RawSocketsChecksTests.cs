using RpcLab.Seminar.Checks.RawSockets;

namespace RpcLab.Tests.Seminar;

/// <summary>
/// Lab 5's checks (raw-sockets) against real student servers: the workspace as <c>rpclab workspace 5</c> writes it,
/// the correct solution, and two named wrong ones (Lab05Solutions/), each built with the SDK and run as a child
/// process; every server is stopped when its run ends, passed or not.
/// </summary>
public sealed class RawSocketsChecksTests(Lab05Workspace workspace) : IClassFixture<Lab05Workspace>
{
    [Fact]
    public void The_written_workspace_builds_and_fails_with_its_todos()
    {
        var run = workspace.Untouched!;

        Assert.All(run.Outcomes.Take(9), o => Assert.False(o.Outcome.Passed, run.Report));

        // The TODO throws, so the server drops the connection: closed or reset, as the timing has it.
        Assert.StartsWith("echo.reverse(\"hello\"): ", run["echo.reverse(\"hello\") is answered"].Reason, StringComparison.Ordinal);
        Assert.Contains("connection", run["echo.reverse(\"hello\") is answered"].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_correct_solution_passes_every_check_and_the_calls_are_counted()
    {
        await workspace.UseAsync("correct");

        var run = await workspace.CheckAsync();

        Assert.True(run.Outcomes.All(o => o.Outcome.Passed), run.Report);
        Assert.True(run.Context.Calls >= 300, $"{run.Context.Calls} calls");
        Assert.True(run.Context.Bytes > 10_000, $"{run.Context.Bytes} bytes");
    }

    [Fact]
    public async Task A_server_that_reads_one_recv_as_one_message_fails_the_byte_at_a_time_check_naming_it()
    {
        await workspace.UseAsync("one-recv");

        var run = await workspace.CheckAsync();

        var outcome = run["a request written one byte at a time"];
        Assert.False(outcome.Passed, run.Report);
        Assert.StartsWith("echo.reverse(\"hello\") written one byte per write (132 writes)", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("One recv is not one message", outcome.Reason, StringComparison.Ordinal);
        Assert.True(run["echo.reverse(\"hello\") is answered"].Passed, run.Report);
    }

    [Fact]
    public async Task A_server_with_Nagle_on_and_split_writes_fails_the_p50_check_naming_it()
    {
        await workspace.UseAsync("nagle");

        var run = await workspace.CheckAsync();

        var outcome = run["p50 of 200 calls"];
        Assert.False(outcome.Passed, run.Report);
        Assert.Contains("Nagle", outcome.Reason, StringComparison.Ordinal);
        Assert.True(run["a request written one byte at a time"].Passed, run.Report);
    }

    [Theory]
    [InlineData(0.05, 2.0)]
    [InlineData(0.3, 3.0)]
    [InlineData(1.0, 10.0)]
    [InlineData(30.0, 20.0)]
    public void The_p50_limit_is_2_ms_on_a_quiet_machine_and_grows_with_a_busy_ones_loopback_up_to_a_cap(double yardstick, double limit) =>
        Assert.Equal(limit, RawSocketsCheckSuite.MedianLimitOnThisMachine(yardstick), 6);

    [Fact]
    public void Nagles_delayed_ack_wait_is_over_the_limit_however_busy_the_machine()
    {
        // Linux waits at least 40 ms before a delayed ACK: a Nagle server's median is about that, whatever else runs.
        Assert.True(RawSocketsCheckSuite.MedianLimitOnThisMachine(double.MaxValue) < 40);
    }

    [Fact]
    public async Task The_loopback_yardstick_measures_an_echo_of_the_frame()
    {
        var median = await LoopbackYardstick.MedianMillisecondsAsync(RawFrames.Frame("{\"ping\":1}"), 50, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.InRange(median, 0.0001, 5_000);
    }
}
