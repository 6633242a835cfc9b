using RpcLab.Seminar.Checks.UnreliableNetwork;

namespace RpcLab.Tests.Seminar;

/// <summary>
/// Lab 6's checks (unreliable-network) against real student programs: the workspace as <c>rpclab workspace 6</c> writes
/// it, the correct solution and three named wrong ones (Lab06Solutions/), each built with the SDK; the server and the
/// clerks run as child processes through the fault proxy, and every one is stopped when its run ends, passed or not.
/// The faults are random (seeded), so each wrong solution is one whose failure does not depend on luck: 150 Appends
/// with 10% of replies lost always lose some.
/// </summary>
public sealed class UnreliableNetworkChecksTests(Lab06Workspace workspace) : IClassFixture<Lab06Workspace>
{
    [Fact]
    public void The_written_workspace_runs_and_is_at_least_once()
    {
        var run = workspace.Untouched!;

        var unreliable = run["5 clerks x 30 Appends"];
        Assert.False(unreliable.Passed, run.Report);
        Assert.Contains("times: a retried Append was applied again (at-least-once)", unreliable.Reason, StringComparison.Ordinal);
        var maybe = run["a Put whose reply is lost"];
        Assert.False(maybe.Passed, run.Report);
        Assert.Contains("your clerk answered ErrVersion", maybe.Reason, StringComparison.Ordinal);
        Assert.False(run["a restarted server remembers"].Passed, run.Report);
    }

    [Fact]
    public async Task The_correct_solution_passes_every_check_and_draws_the_timeline()
    {
        await workspace.UseAsync("correct");

        var run = await workspace.CheckAsync();

        Assert.True(run.Outcomes.All(o => o.Outcome.Passed), run.Report);
        var timeline = await File.ReadAllTextAsync(Path.Combine(workspace.OutFolder, Timeline.FileName));
        Assert.Contains("<svg", timeline, StringComparison.Ordinal);
        Assert.Contains("reply-lost", timeline, StringComparison.Ordinal);
        Assert.Contains("partition", timeline, StringComparison.Ordinal);
        Assert.Contains("clerk 5", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clerk_without_sequence_numbers_fails_with_the_duplicated_token_named()
    {
        await workspace.UseAsync("no-sequence");

        var run = await workspace.CheckAsync();

        var outcome = run["5 clerks x 30 Appends"];
        Assert.False(outcome.Passed, run.Report);
        Assert.Matches(@"token \d\.\d+ is in the log \d+ times: a retried Append was applied again", outcome.Reason);
        Assert.True(run["a Put whose reply is lost"].Passed, run.Report);
    }

    [Fact]
    public async Task A_server_whose_duplicate_table_grows_per_request_fails_the_table_check()
    {
        await workspace.UseAsync("growing-table");

        var run = await workspace.CheckAsync();

        var outcome = run["the duplicate table never held"];
        Assert.False(outcome.Passed, run.Report);
        Assert.Matches(@"held \d+ entries while only \d+ clients had appended: keep one entry per client", outcome.Reason);
        Assert.True(run["5 clerks x 30 Appends"].Passed, run.Report);
    }

    [Fact]
    public async Task A_clerk_that_gives_up_during_the_partition_fails_the_partition_check()
    {
        await workspace.UseAsync("gives-up");

        var run = await workspace.CheckAsync();

        var outcome = run["5 clerks x 5 Appends across a 3 s partition"];
        Assert.False(outcome.Passed, run.Report);
        Assert.Contains("your clerks exited with code 1 through a 3 s partition", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("giving up", outcome.Reason, StringComparison.Ordinal);
    }
}
