namespace RpcLab.Tests.Seminar;

/// <summary>
/// Lab 2's checks (one-contract) against real student servers over both transports: a workspace as
/// <c>rpclab workspace 2</c> writes it, and solutions copied over it (Lab02Solutions/), each built with the SDK and
/// run as a child process with the transport as its first argument, as a student's is.
/// </summary>
public sealed class OneContractChecksTests(Lab02Workspace workspace) : IClassFixture<Lab02Workspace>
{
    [Fact]
    public void The_written_workspace_builds_and_fails_each_method_naming_what_is_missing()
    {
        // Arrange: built and checked over gRPC by the fixture, before any solution was copied over it.
        var run = workspace.Untouched!;

        // Assert: Upper's adapter is written, its implementation is TODO 1; the other rpcs are not overridden yet, and
        // grpc-dotnet already answers a method the .proto does not have as Unimplemented.
        Assert.All(run.Outcomes.Where(o => !o.Check.Name.StartsWith("an unknown method", StringComparison.Ordinal)), o => Assert.False(o.Outcome.Passed, run.Report));
        Assert.True(run["an unknown method"].Passed, run.Report);
        Assert.StartsWith("Upper: Unknown (Exception was thrown by handler.): your method threw an exception", run["Upper "].Reason, StringComparison.Ordinal);
        foreach (var (check, method) in new[] { ("Countdown ", "Countdown"), ("RunningTotal answers", "RunningTotal"), ("a cancelled Hold", "Hold") })
        {
            Assert.StartsWith($"{method}: Unimplemented", run[check].Reason, StringComparison.Ordinal);
            Assert.EndsWith(": GrpcShapes does not override it", run[check].Reason, StringComparison.Ordinal);
        }

        Assert.StartsWith("Longest of \"pear\", \"banana\", \"cherry\", \"fig\" failed: Unimplemented", run["Longest "].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("jsonrpc")]
    public async Task The_correct_solution_passes_every_check_and_the_calls_are_counted(string transport)
    {
        // Arrange
        await workspace.UseAsync("correct");

        // Act
        var run = await workspace.CheckAsync(transport);

        // Assert
        Assert.True(run.Outcomes.All(o => o.Outcome.Passed), run.Report);
        Assert.True(run.Context.Calls >= 3_000, $"{run.Context.Calls} calls");
        Assert.True(run.Context.Bytes > 0, $"{run.Context.Bytes} bytes");
        Assert.Matches("^seen by the server [0-9]+-[0-9]+ ms after the cancel$", run["a cancelled Hold"].Received);
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("jsonrpc")]
    public async Task The_correct_solution_passes_rpclab_check_2_as_the_README_gives_it(string transport)
    {
        // Arrange: the command of the workspace's README, with --no-build since the fixture built it.
        await workspace.UseAsync("correct");
        var server = $"dotnet run --no-build --project '{workspace.Folder}/Server' -- {transport} {{port}}";

        // Act
        var result = await Cli.Cli.RunAsync(["check", "2", "--transport", transport, "--server", server]);

        // Assert
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"one-contract checks over {transport}:", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^Passed -- 7 checks, [0-9.]+ s, [0-9,]+ calls, [0-9,]+ bytes$", result.Output);
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("jsonrpc")]
    public async Task A_buffering_RunningTotal_fails_the_interleaving_check_naming_it(string transport)
    {
        // Arrange
        await workspace.UseAsync("buffering");

        // Act
        var run = await workspace.CheckAsync(transport);

        // Assert
        var outcome = run["RunningTotal answers each number"];
        Assert.False(outcome.Passed, run.Report);
        Assert.StartsWith("RunningTotal sent no reply to 5 within 3 s", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("this server buffers", outcome.Reason, StringComparison.Ordinal);
        Assert.True(run["Upper "].Passed, run.Report);
        Assert.True(run["an unknown method"].Passed, run.Report);
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("jsonrpc")]
    public async Task A_Hold_that_ignores_its_cancellation_fails_naming_it(string transport)
    {
        // Arrange
        await workspace.UseAsync("ignores-cancellation");

        // Act
        var run = await workspace.CheckAsync(transport);

        // Assert: the server holds for 20 s and the checker gives up after 3, so no stall of a busy machine can pass it.
        var outcome = run["a cancelled Hold"];
        Assert.False(outcome.Passed, run.Report);
        Assert.StartsWith("the checker cancelled Hold(20000) and 3 s later the server had not seen it", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("pass the CancellationToken to Task.Delay", outcome.Reason, StringComparison.Ordinal);
        Assert.True(run.Outcomes.Count(o => !o.Outcome.Passed) == 1, run.Report);
    }

    [Theory]
    [InlineData("grpc", "Unknown (Exception was thrown by handler.)")]
    [InlineData("jsonrpc", "error -32000 (Sequence contains no elements)")]
    public async Task A_Longest_that_fails_on_no_words_fails_naming_the_empty_case(string transport, string answer)
    {
        // Arrange
        await workspace.UseAsync("empty-longest");

        // Act
        var run = await workspace.CheckAsync(transport);

        // Assert
        var outcome = run["Longest "];
        Assert.False(outcome.Passed, run.Report);
        Assert.StartsWith($"Longest of no words failed: {answer}", outcome.Reason, StringComparison.Ordinal);
        Assert.EndsWith("expected \"\" (no words is not an error)", outcome.Reason, StringComparison.Ordinal);
        Assert.True(run.Outcomes.Count(o => !o.Outcome.Passed) == 1, run.Report);
    }

    [Fact]
    public async Task An_unknown_method_answered_NotFound_fails_over_gRPC()
    {
        // Arrange: a middleware of the student's answers unknown paths itself (JSON-RPC is StreamJsonRpc's -32601 either way).
        await workspace.UseAsync("unknown-not-unimplemented");

        // Act
        var run = await workspace.CheckAsync("grpc");

        // Assert
        var outcome = run["an unknown method"];
        Assert.False(outcome.Passed, run.Report);
        Assert.Equal("NoSuchMethodOfAnyLab answered NotFound (no such method); a method the contract does not have must be Unimplemented", outcome.Reason);
        Assert.True(run.Outcomes.Count(o => !o.Outcome.Passed) == 1, run.Report);
    }
}
