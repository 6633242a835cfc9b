using RpcLab.Seminar.Checks.CallFailures;

namespace RpcLab.Tests.Seminar;

/// <summary>
/// Lab 3's checks (call-failures) against real student servers: the workspace as <c>rpclab workspace 3</c> writes it,
/// and solutions copied over it (Lab03Solutions/), each built with the SDK and run as a child process on two ports
/// (gRPC and REST), as a student's is. Each wrong solution fails the check of its mistake, with a reason naming it.
/// </summary>
public sealed class CallFailuresChecksTests(Lab03Workspace workspace) : IClassFixture<Lab03Workspace>
{
    [Fact]
    public void The_written_workspace_builds_serves_both_ports_and_fails_the_methods_still_to_write_naming_them()
    {
        // Arrange: built and checked by the fixture, before any solution was copied over it.
        var run = workspace.Untouched!;

        // Assert: GetUser is a TODO (Unimplemented); ListUsers and GetWait are given, so REST and gRPC both answer.
        Assert.False(run["a missing user"].Passed, run.Report);
        Assert.Contains("Unimplemented", run["a missing user"].Reason, StringComparison.Ordinal);
        Assert.Contains("TODO 3", run["a missing user"].Reason, StringComparison.Ordinal);
        Assert.Contains("override Wait", run["a 200 ms deadline"].Reason, StringComparison.Ordinal);
        Assert.True(run["an unknown method"].Passed, run.Report);
    }

    [Fact]
    public async Task The_correct_solution_passes_every_check()
    {
        // Arrange
        await workspace.UseAsync("correct");

        // Act
        var run = await workspace.CheckAsync();

        // Assert
        Assert.True(run.Outcomes.All(o => o.Outcome.Passed), run.Report);
        Assert.True(run.Context.Calls >= 20, $"{run.Context.Calls} calls");
        Assert.Contains("handler: cancelled", run["a 200 ms deadline"].Received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_correct_solution_passes_rpclab_check_3_as_the_README_gives_it()
    {
        // Arrange: the command of the workspace's README, with --no-build since the fixture built it.
        await workspace.UseAsync("correct");
        var server = $"dotnet run --no-build --project '{workspace.Folder}/Server' -- {{port}} {{rest-port}}";

        // Act
        var result = await Cli.Cli.RunAsync(["check", "3", "--server", server]);

        // Assert
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Matches(@"(?m)^Passed -- 8 checks, ", result.Output);
    }

    [Fact]
    public async Task Without_a_rest_port_the_checks_fail_saying_how_to_give_one()
    {
        // Arrange: only {port}, as a Lab 1 command line would have it.
        await workspace.UseAsync("correct");
        var server = $"dotnet run --no-build --project '{workspace.Folder}/Server' -- {{port}}";

        // Act
        var result = await Cli.Cli.RunAsync(["check", "3", "--server", server]);

        // Assert
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("{rest-port}", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_left_unmapped_fail_as_unknown_naming_the_interceptor()
    {
        // Arrange: the workspace's own interceptor, which maps nothing yet.
        await workspace.UseAsync("unmapped");

        // Act
        var run = await workspace.CheckAsync();

        // Assert
        var outcome = run["a missing user"];
        Assert.False(outcome.Passed, run.Report);
        Assert.StartsWith($"GetUser(id \"{CallFailuresCheckSuite.MissingId}\") answered Unknown (Exception was thrown by handler.); expected NotFound", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("map UserNotFoundException to StatusCode.NotFound in ErrorInterceptor", outcome.Reason, StringComparison.Ordinal);
        Assert.False(run["a duplicate email"].Passed, run.Report);
        Assert.Contains("answered Unknown", run["no error shows"].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_email_accepted_fails_the_already_exists_check()
    {
        // Arrange
        await workspace.UseAsync("duplicate-accepted");

        // Act
        var run = await workspace.CheckAsync();

        // Assert
        var outcome = run["a duplicate email"];
        Assert.False(outcome.Passed, run.Report);
        Assert.Matches("^CreateUser\\(name \"Dee Plicate\", email \"dup-[0-9a-f]{12}@example.org\"\\) twice created users [0-9]+ and [0-9]+ with one email; the second must be AlreadyExists", outcome.Reason);
        Assert.Equal(1, run.Outcomes.Count(o => !o.Outcome.Passed));
    }

    [Fact]
    public async Task An_empty_body_that_creates_a_user_fails_naming_it()
    {
        // Arrange: a store without the field rules.
        await workspace.UseAsync("empty-creates");

        // Act
        var run = await workspace.CheckAsync();

        // Assert
        var outcome = run["POST {} does not"];
        Assert.False(outcome.Passed, run.Report);
        Assert.Matches("^POST /v1/users \\{\\} answered 200 and created user [0-9]+ with no name and no email", outcome.Reason);
        Assert.False(run["a bad field"].Passed, run.Report);
    }

    [Fact]
    public async Task A_stack_trace_in_an_error_fails_naming_what_leaked()
    {
        // Arrange: the interceptor sends exception.ToString() for an unexpected failure.
        await workspace.UseAsync("stack-leak");

        // Act
        var run = await workspace.CheckAsync();

        // Assert
        var outcome = run["no error shows"];
        Assert.False(outcome.Passed, run.Report);
        Assert.StartsWith($"CreateUser(name \"{CallFailuresCheckSuite.DiskFullName}\") answered with a stack trace", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(1, run.Outcomes.Count(o => !o.Outcome.Passed));
    }

    [Fact]
    public async Task A_handler_that_ignores_the_deadline_fails_the_deadline_check()
    {
        // Arrange: Wait does not pass the call's token.
        await workspace.UseAsync("ignores-cancellation");

        // Act
        var run = await workspace.CheckAsync();

        // Assert: the client still gives up in time (its own timer); the handler runs on.
        var outcome = run["a 200 ms deadline"];
        Assert.False(outcome.Passed, run.Report);
        Assert.StartsWith("your Wait handler was still running 3 s after the client's 200 ms deadline: it never saw the deadline", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("client: DeadlineExceeded", outcome.Received, StringComparison.Ordinal);
        Assert.Equal(1, run.Outcomes.Count(o => !o.Outcome.Passed));
    }

    [Theory]
    [InlineData("Status(StatusCode=\"Internal\", Detail=\"System.IO.IOException: No space\n   at Lab3.Server.UserStore.Create(String name) in /home/s/lab3/Server/UserStore.cs:line 40\")", "a stack trace")]
    [InlineData("Internal (IOException: No space left on device)", "an exception type name")]
    [InlineData("500 {\"code\":13,\"message\":\"cannot write /var/lib/lab3/users.db\"}", "a path on the server")]
    public void A_leak_is_named(string text, string expected)
    {
        Assert.StartsWith(expected, ErrorLeaks.Find(text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NotFound (no user has id '999999')")]
    [InlineData("404 {\"code\":5,\"message\":\"no user has id '999999'\",\"details\":[]}")]
    [InlineData("Internal (internal error)")]
    [InlineData("InvalidArgument (email: 'leak' is not an email address (text@text))")]
    public void A_clean_error_is_not_a_leak(string text)
    {
        Assert.Null(ErrorLeaks.Find(text));
    }
}
