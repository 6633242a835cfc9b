namespace RpcLab.Tests.Seminar;

/// <summary>
/// Lab 1's checks (first-rpc) against real student servers: a workspace as <c>rpclab workspace 1</c> writes it, and
/// solutions copied over it (Lab01Solutions/), each built with the SDK and run as a child process, as a student's is.
/// </summary>
public sealed class FirstRpcChecksTests(Lab01Workspace workspace) : IClassFixture<Lab01Workspace>
{
    [Fact]
    public void The_written_workspace_builds_and_fails_each_method_as_unimplemented_naming_it()
    {
        // Arrange: built and checked by the fixture, before any solution was copied over it.
        var run = workspace.Untouched!;

        // Assert
        Assert.Contains("lists no service of yours", run["the server answers gRPC server reflection"].Reason, StringComparison.Ordinal);
        foreach (var method in new[] { "Upper", "Countdown", "Longest", "RunningTotal" })
        {
            var outcome = run[method + " "];
            Assert.False(outcome.Passed, run.Report);
            Assert.True(outcome.Reason.StartsWith($"{method}: Unimplemented: lab1.FirstRpc has no method {method}", StringComparison.Ordinal), outcome.Reason);
        }

        Assert.Contains("add a method of your own", run["your own method"].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_correct_solution_passes_every_check_and_the_calls_are_counted()
    {
        // Arrange
        await workspace.UseAsync("correct");

        // Act
        var run = await workspace.CheckAsync();

        // Assert
        Assert.True(run.Outcomes.All(o => o.Outcome.Passed), run.Report);
        Assert.True(run.Context.Calls >= 10, $"{run.Context.Calls} calls");
        Assert.True(run.Context.Bytes > 0, $"{run.Context.Bytes} bytes");
        Assert.Contains("Spell", run["your own method"].Sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_correct_solution_passes_rpclab_check_1_as_the_README_gives_it()
    {
        // Arrange: the command of the workspace's README, with --no-build since the fixture built it.
        await workspace.UseAsync("correct");
        var server = $"dotnet run --no-build --project '{workspace.Folder}/Server' -- {{port}}";

        // Act
        var result = await Cli.Cli.RunAsync(["check", "1", "--server", server]);

        // Assert
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Matches(@"(?m)^Passed -- 8 checks, [0-9.]+ s, [0-9,]+ calls, [0-9,]+ bytes$", result.Output);
        Assert.DoesNotMatch(@"(?m)^FAIL ", result.Output);
    }

    [Fact]
    public async Task A_buffering_RunningTotal_fails_the_interleaving_check_naming_it()
    {
        // Arrange
        await workspace.UseAsync("buffering");

        // Act
        var run = await workspace.CheckAsync();

        // Assert
        var outcome = run["RunningTotal "];
        Assert.False(outcome.Passed, run.Report);
        Assert.StartsWith("RunningTotal sent no reply to 5 within 3 s", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("buffers", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(1, run.Outcomes.Count(o => !o.Outcome.Passed));
    }

    [Fact]
    public async Task An_off_by_one_Countdown_fails_naming_it()
    {
        // Arrange
        await workspace.UseAsync("off-by-one");

        // Act
        var run = await workspace.CheckAsync();

        // Assert
        var outcome = run["Countdown streams"];
        Assert.False(outcome.Passed, run.Report);
        Assert.Equal("Countdown(5) streamed 6 items (5, 4, 3, 2, 1, 0); expected exactly 5: 5, 4, 3, 2, 1 (off by one)", outcome.Reason);
    }
}
