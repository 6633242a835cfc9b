using RpcLab.Composition;
using RpcLab.Seminar;
using RpcLab.Seminar.Checks;
using RpcLab.Tests.Services;

namespace RpcLab.Tests.Seminar;

public sealed class CheckRunnerTests
{
    private static readonly LabFrontMatter Lab = new(7, "Fake", ["grpc"], "fake");

    [Fact]
    public async Task Passing_checks_print_PASS_lines_and_the_summary_and_the_server_is_gone_afterwards()
    {
        using var folder = new TempFolder();
        var (run, output) = await RunAsync(new FakeSuite(), ServerCommand(folder), folder.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("PASS  Server accepts a connection\n", output);
        Assert.Contains("PASS  Reverse answers the reversed message\n", output);
        Assert.Matches(@"\nPassed -- 2 checks, \d+\.\d s, 2 calls, 4,110 bytes\n", output);
        AssertGone(folder);
        var report = await File.ReadAllTextAsync(folder.Combine("lab07-check.md"));
        Assert.Contains("Student: Ada", report);
        Assert.Contains("| Server accepts a connection | PASS |", report);
    }

    [Fact]
    public async Task A_failing_check_prints_its_reason_what_was_sent_and_received_and_exits_1()
    {
        using var folder = new TempFolder();
        var (run, output) = await RunAsync(new FakeSuite(failOne: true), ServerCommand(folder), outDirectory: null);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAIL  Reverse answers the reversed message: Reverse returned the message unchanged\n      sent: hello\n      received: hello\n", output);
        Assert.EndsWith("Failed -- 1 of 2\n", output);
        AssertGone(folder);
    }

    [Fact]
    public async Task A_server_that_never_listens_fails_clearly_with_its_output_and_is_stopped()
    {
        using var folder = new TempFolder();
        var command = $"echo $$ > {folder.Combine("pid")}; echo booting on {{port}}; sleep 60";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(new FakeSuite(), command, null, TimeSpan.FromSeconds(2)));

        Assert.Contains("did not accept connections on 127.0.0.1:", error.Message);
        Assert.Matches(@"booting on \d+", error.Message);
        AssertGone(folder);
    }

    [Fact]
    public async Task A_server_that_exits_says_so_with_its_last_output()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(new FakeSuite(), "echo no such project >&2; exit 3", null));

        Assert.Contains("exited with code 3", error.Message);
        Assert.Contains("no such project", error.Message);
    }

    [Fact]
    public async Task Suites_are_found_by_name_among_those_given_and_a_transport_outside_the_suite_is_refused()
    {
        Assert.IsType<FakeSuite>(CheckSuites.Find("fake", [new FakeSuite()]));
        Assert.Null(CheckSuites.Find("fake"));

        var options = new CheckOptions(null, 1, "rpclab check 7") { Transport = "zerorpc" };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new CheckRunner(Ui.Create(TextWriter.Null)).RunAsync(new FakeSuite(), Lab, options, CancellationToken.None));
        Assert.Contains("grpc, jsonrpc; not zerorpc", error.Message);
    }

    [Fact]
    public async Task A_suite_that_checks_a_client_needs_client_and_a_server_suite_refuses_it()
    {
        var runner = new CheckRunner(Ui.Create(TextWriter.Null));

        var noClient = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            runner.RunAsync(new RpcLab.Seminar.Checks.SyncClient.SyncClientCheckSuite(), Lab, new CheckOptions(null, 1, "rpclab check 4 --port 1"), CancellationToken.None));
        var clientForServer = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            runner.RunAsync(new FakeSuite(), Lab, new CheckOptions(null, null, "rpclab check 7 --client x") { ClientCommand = "x {dir} {port}" }, CancellationToken.None));
        var cli = await Cli.Cli.RunAsync(["check", "4", "--client", "x {dir} {port}", "--port", "1"]);

        Assert.Contains("check your client: give --client", noClient.Message, StringComparison.Ordinal);
        Assert.Contains("check your server", clientForServer.Message, StringComparison.Ordinal);
        Assert.Equal(1, cli.ExitCode);
        Assert.Contains("give one of --server", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_needs_a_server_or_a_port()
    {
        var result = await Cli.Cli.RunAsync(["check", "1"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--server", result.Error);
    }

    // python3's http.server in the background of the shell, so stopping must reach a grandchild: its pid goes in a file.
    private static string ServerCommand(TempFolder folder) =>
        $"python3 -m http.server {{port}} --bind 127.0.0.1 & echo $! > {folder.Combine("pid")}; wait";

    private static async Task<(CheckRun Run, string Output)> RunAsync(ILabCheckSuite suite, string command, string? outDirectory, TimeSpan? startTimeout = null)
    {
        using var writer = new StringWriter();
        var options = new CheckOptions(command, null, $"rpclab check 7 --server \"{command}\"")
        {
            Student = "Ada",
            OutDirectory = outDirectory,
            StartTimeout = startTimeout ?? TimeSpan.FromSeconds(60),
        };
        var run = await new CheckRunner(Ui.Create(writer)).RunAsync(suite, Lab, options, CancellationToken.None);
        return (run, writer.ToString().ReplaceLineEndings("\n"));
    }

    private static void AssertGone(TempFolder folder)
    {
        // A grandchild killed with its group is reaped by init a moment later; until then it is a zombie (state Z), not running.
        var pid = int.Parse(File.ReadAllText(folder.Combine("pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Running(pid) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        Assert.False(Running(pid), $"process {pid} still runs after the check");
    }

    private static bool Running(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
