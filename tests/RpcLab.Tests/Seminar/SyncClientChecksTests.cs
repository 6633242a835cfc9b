namespace RpcLab.Tests.Seminar;

/// <summary>
/// Lab 4's checks (sync-client) against real student clients: the workspace as <c>rpclab workspace 4</c> writes it, the
/// correct solution, and two named wrong ones (Lab04Solutions/), each built with the SDK and run as a child process
/// against the checker's own server; the client and the server are stopped when each run ends, passed or not.
/// </summary>
public sealed class SyncClientChecksTests(Lab04Workspace workspace) : IClassFixture<Lab04Workspace>
{
    [Fact]
    public void The_written_workspace_builds_and_fails_with_its_todos()
    {
        var run = workspace.Untouched!;

        Assert.All(run.Outcomes, o => Assert.False(o.Outcome.Passed, run.Report));
        var first = run["your client mirrors the folder it starts with"].Reason;
        Assert.Contains("your client exited with code", first, StringComparison.Ordinal);
        Assert.Contains("TODO", first, StringComparison.Ordinal);
        Assert.StartsWith("not checked: ", run["a new file is uploaded"].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_correct_solution_passes_every_check()
    {
        await workspace.UseAsync("correct");

        var run = await workspace.CheckAsync();

        Assert.True(run.Outcomes.All(o => o.Outcome.Passed), run.Report);
    }

    [Fact]
    public async Task A_client_that_uploads_everything_each_cycle_fails_naming_the_files_it_sent_again()
    {
        await workspace.UseAsync("reupload");

        var run = await workspace.CheckAsync();

        var outcome = run["a new file is uploaded within two intervals, and only it"];
        Assert.False(outcome.Passed, run.Report);
        Assert.Contains("your client uploaded files that did not change: ", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("notes.txt", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("compare each file's SHA-256", outcome.Reason, StringComparison.Ordinal);
        Assert.False(run["a quiet folder costs no uploads"].Passed, run.Report);
    }

    [Fact]
    public async Task A_client_that_uploads_a_file_still_being_written_fails_the_large_file_check_naming_it()
    {
        await workspace.UseAsync("half-written");

        var run = await workspace.CheckAsync();

        var outcome = run["a 16 MiB file written over 3 s"];
        Assert.False(outcome.Passed, run.Report);
        Assert.StartsWith("large", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("half-written", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("Upload a file only once it stopped changing", outcome.Reason, StringComparison.Ordinal);
        Assert.True(run["a changed file is uploaded again, and only it"].Passed, run.Report);
    }
}
