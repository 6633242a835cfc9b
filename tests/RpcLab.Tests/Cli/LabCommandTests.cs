using RpcLab.Tests.Services;

namespace RpcLab.Tests.Cli;

public sealed class LabCommandTests
{
    [Fact]
    public async Task Lab1_over_inproc_passes_and_writes_the_transcripts()
    {
        using var output = new TempFolder();
        var result = await Cli.RunAsync(["lab", "1", "--transport", "inproc", "--out", output.Path, "--student", "Ada"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("PASS ./rpclab call echo.reverse hello --transport inproc", result.Output);
        Assert.DoesNotMatch(@"(?m)^FAIL ", result.Output);
        Assert.Contains("$ ./rpclab serve --transport inproc", Read(output, "lab01-server.md"));
        Assert.Matches(@"\$ PORT=\d+\n\$ ./rpclab call echo.reverse hello --transport inproc --port \$PORT\n""olleh""", Read(output, "lab01-client.md"));
        Assert.Contains("Result: **PASS**", Read(output, "lab01-transcript.md"));
        Assert.Contains("## Your answers to the task", Read(output, "lab01-answers.md"));
    }

    [Fact]
    public async Task Lab1_runs_a_real_grpc_server_process_and_writes_one_file_per_terminal()
    {
        using var output = new TempFolder();
        var result = await Cli.RunAsync(["lab", "1", "--out", output.Path, "--student", "Ada Lovelace"]);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("All steps PASS.", result.Output);
        var transcript = Read(output, "lab01-transcript.md");
        Assert.Contains("Result: **PASS**", transcript);
        Assert.Contains("| 3 | client | `./rpclab call users.get 999 --transport grpc --port $PORT` | 6 | PASS |", transcript);
        var server = Read(output, "lab01-server.md");
        Assert.Contains("$ ./rpclab serve --transport grpc --port 0\nrpclab grpc server listening on 127.0.0.1:", server);
        Assert.Contains("  /rpclab.echo.Echo/Reverse  OK  ", server);
        Assert.Contains("  /rpclab.users.Users/Get  NotFound  ", server);
        Assert.Contains("rpclab grpc server stopped\n```", server);
        var client = Read(output, "lab01-client.md");
        Assert.Contains("$ ./rpclab call echo.reverse hello --transport grpc --port $PORT\n\"olleh\"\n", client);
        Assert.Contains("$ ./rpclab call echo.repeat hi 3 --transport grpc --port $PORT\n\"hi #1\"\n\"hi #2\"\n\"hi #3\"\n", client);
        Assert.All(new[] { transcript, server, client, Read(output, "lab01-answers.md") }, text => Assert.Contains("Student: Ada Lovelace", text));
    }

    [Fact]
    public async Task Unknown_lab_is_an_error_naming_the_labs()
    {
        var result = await Cli.RunAsync(["lab", "99"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("there is no lab 99", result.Error);
    }

    [Fact]
    public async Task A_transport_the_sheet_does_not_list_is_refused_with_the_list()
    {
        var result = await Cli.RunAsync(["lab", "1", "--transport", "rpyc"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("lab 1 runs over grpc, inproc", result.Error);
        Assert.Contains("not rpyc", result.Error);
    }

    [Fact]
    public async Task Labs_lists_lab1_with_its_transports_checks_and_goal()
    {
        var result = await Cli.RunAsync(["labs"]);

        Assert.Equal(0, result.ExitCode);
        var row = Assert.Single(result.OutputLines, l => l.Contains("Your first RPC"));
        Assert.Contains("grpc, inproc", row);
        Assert.Contains("first-rpc", row);
        Assert.Contains("Make your first remote procedure call", row);
    }

    // A file the lab wrote, line endings as \n; empty when it wrote none, which the assertions on it then report.
    private static string Read(TempFolder folder, string name) =>
        File.Exists(folder.Combine(name)) ? File.ReadAllText(folder.Combine(name)).ReplaceLineEndings("\n") : "";
}
