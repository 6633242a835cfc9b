using RpcLab.Seminar;

namespace RpcLab.Tests.Cli;

public sealed class LabSheetTests
{
    private static LabSheet Lab1() => LabCatalog.Find(1)!;

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
        var proto = File.ReadAllText(Path.Combine(LabCatalog.ContentRoot, "protos", "rpclab", "echo.proto"));

        var concepts = Lab1().Section("Concepts");

        Assert.Contains("// protos/rpclab/echo.proto", concepts);
        Assert.Contains("service Echo {", concepts);
        Assert.Contains(proto.ReplaceLineEndings("\n").Trim(), concepts);
        Assert.DoesNotContain("<!-- quote", concepts);
    }

    [Fact]
    public void Lab1_front_matter_names_number_title_transports_and_checks()
    {
        var lab = Lab1().Lab;

        Assert.Equal(new LabFrontMatter(1, "Your first RPC", lab.Transports, "first-rpc"), lab);
        Assert.Equal("grpc", lab.DefaultTransport);
        Assert.Contains("inproc", lab.Transports);
    }

    [Fact]
    public void Expected_output_gives_the_server_command_and_the_three_client_steps_with_the_captured_port()
    {
        var script = Lab1().Script;

        Assert.Equal(["serve", "--transport", "grpc", "--port", "0"], script.Server.Args);
        Assert.Equal("server", script.Server.Terminal);
        Assert.Equal(
            ["./rpclab call echo.reverse hello --transport grpc --port $PORT", "./rpclab call echo.repeat hi 3 --transport grpc --port $PORT", "./rpclab call users.get 999 --transport grpc --port $PORT"],
            script.ClientSteps.Select(s => s.Text));
        Assert.All(script.ClientSteps, s => Assert.Equal("client", s.Terminal));
        Assert.Equal(["PORT"], script.ClientSteps[0].Variables);
        Assert.Equal(["\"olleh\""], script.ClientSteps[0].Expected);
        Assert.True(script.ClientSteps[2].ExpectsError);
    }

    [Fact]
    public void Todays_single_server_format_with_a_fixed_port_still_parses()
    {
        var script = LabScript.Parse("```console\n$ ./rpclab serve --transport grpc --port 50051\nrpclab grpc server listening on 127.0.0.1:... (data: ...)\n```\n\n```console\n$ ./rpclab call echo.reverse hello --transport grpc --port 50051\n\"olleh\"\n```");

        Assert.Equal(["server", "client"], script.Terminals);
        Assert.Equal(["call", "echo.reverse", "hello", "--transport", "grpc", "--port", "50051"], Assert.Single(script.ClientSteps).Args);
        Assert.Equal("./rpclab serve --transport jsonrpc --port 4000", script.ForTransport("grpc", "jsonrpc").Server.Text);
    }

    [Fact]
    public void Another_transport_rewrites_the_commands_keeps_the_captured_port_and_only_the_server_lines_that_name_it()
    {
        var script = Lab1().Script.ForTransport("grpc", "jsonrpc");

        Assert.Equal("./rpclab serve --transport jsonrpc --port 0", script.Server.Text);
        Assert.Equal("./rpclab call echo.reverse hello --transport jsonrpc --port $PORT", script.ClientSteps[0].Text);
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

    [Theory]
    [InlineData("a|...|d", "a|b|c|d", true)]
    [InlineData("a|...|d", "a|d", true)]
    [InlineData("a|...|d", "a|b|c", false)]
    [InlineData("a|b|d", "a|b|c|d", false)]
    [InlineData("...|x ...|...", "a|x 1|b|x 2", true)]
    [InlineData("...|x ...|...", "a|b", false)]
    public void A_line_of_three_dots_alone_matches_any_number_of_lines(string expected, string actual, bool matches)
    {
        Assert.Equal(matches, ExpectedLine.MatchExactly(expected.Split('|'), actual.Split('|')));
    }

    [Fact]
    public void Captures_after_a_line_of_three_dots_come_from_the_line_they_matched()
    {
        // Act
        var pairs = ExpectedLine.Align(["start", "...", "port {PORT}", "end"], ["start", "noise", "port 4000", "end"]);

        // Assert
        Assert.NotNull(pairs);
        Assert.Equal([("start", "start"), ("port {PORT}", "port 4000"), ("end", "end")], pairs);
    }

    [Fact]
    public void Shell_words_split_quotes_and_join_back()
    {
        var words = ShellWords.Split("call echo.reverse 'hello world' \"a b\" c\\ d");

        Assert.Equal(["call", "echo.reverse", "hello world", "a b", "c d"], words);
        Assert.Equal(words, ShellWords.Split(ShellWords.Join(words)));
    }

    [Fact]
    public void A_sheet_may_start_no_server_but_must_run_a_command()
    {
        var script = LabScript.Parse("```console\n$ ./rpclab bench sum --sizes 10\ngrpc ... 10 ints ...\n```");
        var error = Assert.Throws<FormatException>(() => LabScript.Parse("```console\n$ ./rpclab serve --transport grpc --port 0\n```"));

        Assert.Empty(script.Servers);
        Assert.Equal(["bench", "sum", "--sizes", "10"], script.ClientSteps.Single().Args);
        Assert.Contains("no client command", error.Message);
    }

    [Fact]
    public void Named_terminals_hold_several_servers_and_a_variable_needs_a_capture_above_it()
    {
        var script = LabScript.Parse(
            "```console terminal=server-a\n$ ./rpclab serve --transport grpc --port 0\nrpclab grpc server listening on 127.0.0.1:{PORT_A} (data: ...)\n```\n" +
            "```console terminal=server-b\n$ ./rpclab cluster serve n1\n```\n" +
            "```console\n$ PORT_A=...\n$ ./rpclab call echo.reverse hi --port $PORT_A\n\"ih\"\n$ ./rpclab serve --list\n```");

        Assert.Equal(["server-a", "server-b", "client"], script.Terminals);
        Assert.Equal(2, script.Servers.Count);
        Assert.Equal(["call", "echo.reverse", "hi", "--port", "41234"], script.ClientSteps[0].ArgsWith(new Dictionary<string, string> { ["PORT_A"] = "41234" }));
        Assert.False(script.ClientSteps[1].IsServer);

        var error = Assert.Throws<FormatException>(() => LabScript.Parse("```console\n$ ./rpclab serve\n```\n```console\n$ ./rpclab call echo.reverse hi --port $PORT\n```"));
        Assert.Contains("$PORT", error.Message);
    }

    [Fact]
    public void A_proxy_block_runs_in_the_background_and_its_port_is_captured_like_a_server_s()
    {
        var script = LabScript.Parse(
            "```console\n$ ./rpclab serve --transport jsonrpc --port 0\nrpclab jsonrpc server listening on 127.0.0.1:{PORT} (data: ...)\n```\n" +
            "```console terminal=proxy\n$ PORT=...\n$ ./rpclab proxy --listen 0 --to 127.0.0.1:$PORT --script reply-lost:1\nrpclab proxy on 127.0.0.1:{PROXY} -> ...\n```\n" +
            "```console\n$ PROXY=...\n$ ./rpclab call users.list --port $PROXY\n```");

        Assert.Equal(["server", "proxy", "client"], script.Terminals);
        Assert.Equal(["serve", "proxy"], script.Servers.Select(s => s.Args[0]));
        Assert.Equal("--to 127.0.0.1:41234", string.Join(' ', script.Servers[1].ArgsWith(new Dictionary<string, string> { ["PORT"] = "41234" }).Skip(3).Take(2)));
    }

    [Theory]
    [InlineData("rpclab grpc server listening on 127.0.0.1:{PORT} (data: ...)", "rpclab grpc server listening on 127.0.0.1:41234 (data: /tmp/x)", "41234")]
    [InlineData("{PORT}", "9", "9")]
    public void A_placeholder_captures_the_text_it_stands_for(string expected, string actual, string port)
    {
        Assert.True(ExpectedLine.TryMatch(expected, actual, out var captures));
        Assert.Equal(port, captures["PORT"]);
        Assert.True(ExpectedLine.Matches("{ \"message\": \"HELLO\" }", "{ \"message\": \"HELLO\" }"));
    }

    [Fact]
    public void A_sheet_without_front_matter_is_rejected_naming_what_it_needs()
    {
        var error = Assert.Throws<FormatException>(() => LabSheet.Parse("# Lab 9\n\n## Goal\n\nx", LabCatalog.ProtoRoot));

        Assert.Contains("front matter", error.Message);
        Assert.Throws<FormatException>(() => LabSheet.Parse("---\nnumber: 9\ntitle: x\ntransport: [grpc]\n---\n# Lab 9", LabCatalog.ProtoRoot));
    }
}
