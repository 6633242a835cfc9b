using RpcLab.Services.Errors;
using RpcLab.Transports.Raw.Protocol;

namespace RpcLab.Tests.Raw;

/// <summary>
/// Shipped procedures that loop for ever, recurse without end, allocate without end, throw or hide a stop in a
/// catch-all each fail their own call with an Execution Exception, and the node keeps serving everyone else meanwhile
/// and afterwards.
/// </summary>
public sealed class ProcedureGuardTests(GuardedCluster guarded) : IClassFixture<GuardedCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private TestCluster Cluster => guarded.Cluster;

    [Fact]
    public async Task An_endless_loop_is_stopped_at_the_time_limit_while_other_calls_are_served()
    {
        var finished = new List<string>();
        var spin = Record(Cluster.CallAsync("c1", "guard.spin"), "spin", finished);
        var ok = Record(Cluster.CallAsync("c1", "guard.ok"), "ok", finished);

        var error = await Assert.ThrowsAsync<RawCallException>(() => spin.WaitAsync(Patience));
        await ok;

        Assert.Equal(["ok", "spin"], finished);
        Assert.Equal((RawExceptionType.ExecutionException, RpcStatusCode.DeadlineExceeded), (error.Type, error.Status));
        Assert.Contains("guard.spin ran past its time limit of 4000 ms", error.Detail);
        Assert.Equal("1", (await Cluster.CallAsync("c1", "guard.ok")).Values[0].Value.GetRawText());
    }

    [Fact]
    public async Task Loops_of_every_kind_are_stopped_and_a_catch_all_cannot_hide_the_stop()
    {
        // swallow catches everything and returns -1: without the guard's catch filter it would "succeed" with -1.
        var calls = new[] { "guard.swallow", "guard.jump" }.Select(rpc => Assert.ThrowsAsync<RawCallException>(() => Cluster.CallAsync("c1", rpc))).ToList();

        var errors = await Task.WhenAll(calls).WaitAsync(Patience);

        Assert.All(errors, e => Assert.Equal(RawExceptionType.ExecutionException, e.Type));
        Assert.All(errors, e => Assert.Contains("ran past its time limit", e.Detail));
    }

    [Theory]
    [InlineData("guard.deep")]
    [InlineData("guard.deeplambda")]
    public async Task Unbounded_recursion_is_stopped_before_the_stack_runs_out_and_the_node_lives_on(string rpc)
    {
        var error = await FailsAndTheNodeServesOnAsync(rpc, "0");

        Assert.Equal((RawExceptionType.ExecutionException, RpcStatusCode.ResourceExhausted), (error.Type, error.Status));
        Assert.Contains("recursed too deeply", error.Detail);
    }

    [Fact]
    public async Task An_allocation_bomb_fails_its_call_at_the_memory_limit_and_the_node_serves_the_next_call()
    {
        var error = await FailsAndTheNodeServesOnAsync("guard.bomb");

        Assert.Equal((RawExceptionType.ExecutionException, RpcStatusCode.ResourceExhausted), (error.Type, error.Status));
        Assert.Equal("guard.bomb was stopped: memory limit of 64 MiB exceeded (it allocated more than that on its thread during the call)", error.Detail);
    }

    [Fact]
    public async Task A_small_constant_stackalloc_runs()
    {
        var reply = await Cluster.CallAsync("c1", "guard.stack", "7");

        Assert.Equal("49", reply.Values[0].Value.GetRawText());
    }

    [Fact]
    public async Task An_exception_whose_message_loops_is_stopped_on_the_procedures_thread_not_on_the_nodes()
    {
        var error = await FailsAndTheNodeServesOnAsync("guard.sly");

        Assert.Equal((RawExceptionType.ExecutionException, RpcStatusCode.DeadlineExceeded), (error.Type, error.Status));
        Assert.Contains("guard.sly ran past its time limit of 4000 ms and was stopped", error.Detail);
    }

    [Fact]
    public async Task A_procedure_that_throws_fails_its_call_with_its_message()
    {
        var error = await Assert.ThrowsAsync<RawCallException>(() => Cluster.CallAsync("c1", "guard.fails", "boom"));

        Assert.Equal(RawExceptionType.ExecutionException, error.Type);
        Assert.Equal("guard.fails threw InvalidOperationException: boom", error.Detail);
    }

    [Fact]
    public async Task Honest_procedures_run_unharmed_by_the_guard_with_any_number_of_return_values()
    {
        var fib = await Cluster.CallAsync("c1", "guard.fib", "20");
        var pair = await Cluster.CallAsync("c1", "guard.pair", "7");
        var nothing = await Cluster.CallAsync("c1", "guard.nothing", "x");
        var total = await Cluster.CallAsync("c1", "guard.total", "[1,2,3]");

        Assert.Equal("6765", fib.Values[0].Value.GetRawText());
        Assert.Equal([("int", "7"), ("str", "\"7\"")], pair.Values.Select(v => (v.Type, v.Value.GetRawText())));
        Assert.Empty(nothing.Values);
        Assert.Equal("6", total.Values[0].Value.GetRawText());
    }

    // Calls rpc, which must fail, then guard.ok, which the node must still serve; the failure.
    private async Task<RawCallException> FailsAndTheNodeServesOnAsync(string rpc, params string[] words)
    {
        var error = await Assert.ThrowsAsync<RawCallException>(() => Cluster.CallAsync("c1", rpc, words).WaitAsync(Patience));
        Assert.Equal("1", (await Cluster.CallAsync("c1", "guard.ok")).Values[0].Value.GetRawText());
        return error;
    }

    private static async Task Record(Task call, string name, List<string> finished)
    {
        try
        {
            await call;
        }
        finally
        {
            lock (finished)
            {
                finished.Add(name);
            }
        }
    }
}
