using RpcLab.Seminar;

namespace RpcLab.Tests.Cli;

public sealed class LabSheetTests
{
    private static LabSheet Lab1() => LabRegistry.LoadSheet(LabRegistry.Find(1)!);

    [Fact]
    public void Lab1_sheet_has_every_section_the_runner_and_students_need()
    {
        var sheet = Lab1();

        Assert.Equal("Lab 1: Your first RPC", sheet.Title);
        foreach (var heading in new[] { "Goal", "Concepts", "Pipeline", "Steps", "Expected output", "Task", "Deliverable" })
        {
            Assert.True(sheet.HasSection(heading), $"missing ## {heading}");
        }
    }

    [Fact]
    public void Concepts_quote_the_echo_proto_as_it_is_in_the_repository()
    {
        var proto = File.ReadAllText(Path.Combine(LabRegistry.ContentRoot, "protos", "rpclab", "echo.proto"));

        var concepts = Lab1().Section("Concepts");

        Assert.Contains("// protos/rpclab/echo.proto", concepts);
        Assert.Contains("service Echo {", concepts);
        Assert.Contains(proto.ReplaceLineEndings("\n").Trim(), concepts);
        Assert.DoesNotContain("<!-- quote", concepts);
    }

    [Fact]
    public void Expected_output_gives_the_server_command_and_the_three_client_steps()
    {
        var script = Lab1().Script;

        Assert.Equal(["serve", "--transport", "grpc", "--port", "0"], script.Server.Args);
        Assert.Equal(
            ["./rpclab call echo.reverse hello --transport grpc --port $PORT", "./rpclab call echo.repeat hi 3 --transport grpc --port $PORT", "./rpclab call users.get 999 --transport grpc --port $PORT"],
            script.ClientSteps.Select(s => s.Text));
        Assert.Equal(["\"olleh\""], script.ClientSteps[0].Expected);
        Assert.True(script.ClientSteps[2].ExpectsError);
    }

    [Fact]
    public void Another_transport_rewrites_the_commands_and_keeps_only_the_server_lines_that_name_it()
    {
        var script = Lab1().Script.ForTransport("grpc", "jsonrpc");

        Assert.Equal("./rpclab serve --transport jsonrpc --port 4000", script.Server.Text);
        Assert.Equal("./rpclab call echo.reverse hello --transport jsonrpc --port 4000", script.ClientSteps[0].Text);
        Assert.All(script.Server.Expected, l => Assert.Contains("rpclab jsonrpc server", l));
        Assert.Equal(2, script.Server.Expected.Count);
    }

    [Theory]
    [InlineData("rpclab grpc server listening on 127.0.0.1:... (data: ...)", "rpclab grpc server listening on 127.0.0.1:41234 (data: /tmp/x)", true)]
    [InlineData("error: NotFound: ...", "error: NotFound: no user with id \"999\"", true)]
    [InlineData("error: NotFound: ...", "error: Unavailable: no server", false)]
    [InlineData("\"olleh\"", "\"olleh\"  ", true)]
    [InlineData("\"olleh\"", "\"olle\"", false)]
    [InlineData("a.b", "axb", false)]
    public void Expected_line_wildcard_matches_only_the_elided_part(string expected, string actual, bool matches)
    {
        Assert.Equal(matches, ExpectedLine.Matches(expected, actual));
    }

    [Fact]
    public void Shell_words_split_quotes_and_join_back()
    {
        var words = ShellWords.Split("call echo.reverse 'hello world' \"a b\" c\\ d");

        Assert.Equal(["call", "echo.reverse", "hello world", "a b", "c d"], words);
        Assert.Equal(words, ShellWords.Split(ShellWords.Join(words)));
    }

    [Fact]
    public void Sheet_without_a_serve_command_is_rejected()
    {
        var error = Assert.Throws<FormatException>(() => LabScript.Parse("```console\n$ ./rpclab call echo.reverse hi\n\"ih\"\n```"));

        Assert.Contains("serve", error.Message);
    }
}
