using RpcLab.Tests.Services;

namespace RpcLab.Tests.Cli;

public sealed class LabCommandTests
{
    [Fact]
    public async Task Lab1_over_inproc_passes_and_writes_the_transcript()
    {
        var (result, transcript) = await RunLab1Async("--transport", "inproc");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("PASS ./rpclab call echo.reverse hello --transport inproc", result.Output);
        Assert.DoesNotContain("FAIL", result.Output);
        Assert.Contains("$ ./rpclab serve --transport inproc", transcript);
        Assert.Contains("$ ./rpclab call echo.reverse hello --transport inproc\n\"olleh\"", transcript);
        Assert.Contains("Result: **PASS**", transcript);
        Assert.Contains("## Your answers to the task", transcript);
    }

    [Fact]
    public async Task Lab1_runs_a_real_grpc_server_process_and_writes_both_terminals_to_the_transcript()
    {
        var (result, transcript) = await RunLab1Async();

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("All steps PASS.", result.Output);
        Assert.Contains("Result: **PASS**", transcript);
        Assert.Contains("$ ./rpclab serve --transport grpc --port 50051\nrpclab grpc server listening on 127.0.0.1:", transcript);
        Assert.Contains("  /rpclab.echo.Echo/Reverse  OK  ", transcript);
        Assert.Contains("  /rpclab.users.Users/Get  NotFound  ", transcript);
        Assert.Contains("rpclab grpc server stopped\n```", transcript);
        Assert.Contains("$ ./rpclab call echo.reverse hello --transport grpc --port 50051\n\"olleh\"\n", transcript);
        Assert.Contains("$ ./rpclab call echo.repeat hi 3 --transport grpc --port 50051\n\"hi #1\"\n\"hi #2\"\n\"hi #3\"\n", transcript);
        Assert.Contains("| 3 | `./rpclab call users.get 999 --transport grpc --port 50051` | 6 | PASS |", transcript);
        Assert.Contains("## Your answers to the task\n\nAnswers: ", transcript);
    }

    [Fact]
    public async Task Unknown_lab_is_an_error_naming_the_labs()
    {
        var result = await Cli.RunAsync(["lab", "99"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("there is no lab 99", result.Error);
    }

    [Fact]
    public async Task Labs_lists_lab1_with_its_transport_and_goal()
    {
        var result = await Cli.RunAsync(["labs"]);

        Assert.Equal(0, result.ExitCode);
        var row = Assert.Single(result.OutputLines, l => l.Contains("Your first RPC"));
        Assert.Contains("grpc", row);
        Assert.Contains("Make your first remote procedure call", row);
    }

    // `rpclab lab 1 <args> --out <a fresh folder>`: what it printed, and the transcript it wrote there
    // (line endings as \n; empty when it wrote none, which the assertions on it then report).
    private static async Task<(CliResult Result, string Transcript)> RunLab1Async(params string[] args)
    {
        using var output = new TempFolder();
        var result = await Cli.RunAsync(["lab", "1", .. args, "--out", output.Path]);
        var transcript = output.Combine("lab01-transcript.md");
        return (result, File.Exists(transcript) ? (await File.ReadAllTextAsync(transcript)).ReplaceLineEndings("\n") : "");
    }
}
