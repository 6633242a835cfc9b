using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RpcLab.Tests.Cli;

/// <summary>
/// The mistakes a student makes on a first afternoon with rpclab: a word where a number goes, no server on
/// the port, a client of one transport against a server of another. Each must end in a sentence that says
/// what to do, never a stack trace.
/// </summary>
public sealed class CommandLineMistakeTests
{
    public static TheoryData<string[], string> NotANumber => new()
    {
        { ["call", "echo.delay", "x", "100", "--timeout", "abc"], "--timeout must be a positive number of milliseconds, got 'abc'" },
        { ["call", "echo.delay", "x", "100", "--timeout", "0"], "--timeout must be a positive number of milliseconds, got '0'" },
        { ["call", "echo.reverse", "x", "--port", "abc"], "--port must be between 0 and 65535, got 'abc'" },
        { ["call", "echo.reverse", "x", "--port", "70000"], "--port must be between 0 and 65535, got '70000'" },
        { ["sync", ".", "--port", "fifty"], "--port must be between 0 and 65535, got 'fifty'" },
        { ["serve", "--port", "abc"], "--port must be between 0 and 65535, got 'abc'" },
        { ["serve", "--max-message-size", "big"], "--max-message-size must be a whole number of bytes, at least 1024, got 'big'" },
        { ["serve", "--max-message-size", "12"], "--max-message-size must be a whole number of bytes, at least 1024, got '12'" },
        { ["lab", "one"], "the lab's number must be a whole number like 1 (see: rpclab labs), got 'one'" },
    };

    [Theory]
    [MemberData(nameof(NotANumber))]
    public async Task A_word_where_a_number_goes_is_one_plain_sentence_and_exit_code_1(string[] args, string expected)
    {
        var result = await Cli.RunAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error);
        Assert.DoesNotContain("System.", result.Error);
        Assert.DoesNotContain("Exception", result.Error);
    }

    [Fact]
    public async Task No_verb_shows_the_verbs_with_exit_code_1_and_no_parser_complaint()
    {
        var result = await Cli.RunAsync([]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Commands:", result.Output);
        Assert.Contains(result.OutputLines, l => l.TrimStart().StartsWith("lab <number>", StringComparison.Ordinal));
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public async Task An_unknown_verb_is_named_without_claiming_none_was_given()
    {
        var result = await Cli.RunAsync(["frobnicate"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Unrecognized command or argument 'frobnicate'", result.Error);
        Assert.DoesNotContain("Required command was not provided", result.Error);
    }

    [Fact]
    public async Task Serve_without_max_message_size_still_takes_the_default()
    {
        var result = await Cli.RunAsync(["serve", "--transport", "jsonrpc", "--list"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
    }

    [Theory]
    [InlineData("grpc", new string[0], "rpclab serve --transport grpc --port ")]
    [InlineData("jsonrpc", new[] { "--framing", "newline" }, "rpclab serve --transport jsonrpc --framing newline --port ")]
    public async Task No_server_on_the_port_is_unavailable_with_a_hint_naming_the_serve_command(string transport, string[] framing, string serve)
    {
        var port = UnusedPort();

        var result = await Cli.RunAsync(["call", "echo.reverse", "hello", "--transport", transport, .. framing, "--port", port]);

        Assert.Equal(1 + 14, result.ExitCode);
        var lines = result.Error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("error: Unavailable: ", lines[0]);
        Assert.StartsWith($"hint: is a {transport} server running at 127.0.0.1:{port}? Start one with: {serve}{port} ", lines[1]);
    }

    [Fact]
    public async Task Sync_to_a_port_without_a_server_gets_the_same_hint()
    {
        var port = UnusedPort();
        var folder = Directory.CreateTempSubdirectory("rpclab-sync-hint-");
        try
        {
            var result = await Cli.RunAsync(["sync", folder.FullName, "--transport", "grpc", "--port", port]);

            Assert.Equal(1 + 14, result.ExitCode);
            Assert.Contains($"hint: is a grpc server running at 127.0.0.1:{port}?", result.Error);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("jsonrpc", "grpc")]
    [InlineData("grpc", "jsonrpc")]
    public async Task A_client_of_another_transport_fails_with_a_hint_to_match_the_server(string client, string server)
    {
        await using var running = await CliServer.StartAsync(server);

        var result = await Cli.RunAsync(["call", "echo.reverse", "hello", "--transport", client, "--port", running.Port]);

        // Which status a garbled peer gives is the transport's business (gRPC says Internal for an HTTP/2
        // protocol error, JSON-RPC Unavailable for an unreadable header); both must point at the mismatch.
        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith("error: ", result.Error);
        Assert.Contains("hint: ", result.Error);
        Assert.Contains($"one with: rpclab serve --transport {client} --port {running.Port}", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_application_error_gets_no_connection_hint()
    {
        await using var server = await CliServer.StartAsync("grpc");

        var result = await Cli.RunAsync(["call", "users.get", "999", .. server.Endpoint]);

        Assert.Equal(1 + 5, result.ExitCode);
        Assert.Equal("error: NotFound: no user with id \"999\"", result.Error.Trim());
    }

    [Fact]
    public async Task Serve_list_shows_which_parameters_may_be_left_out()
    {
        var result = await Cli.RunAsync(["serve", "--list"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.OutputLines, l => l.Contains("| sum.sum ") && l.Contains("a: int[], b: int[], parallelism: int = 0 "));
        Assert.Contains(result.OutputLines, l => l.Contains("| echo.repeat ") && l.Contains("message: string, count: int, intervalMs: int = 0 "));
        Assert.Contains(result.OutputLines, l => l.Contains("| echo.reverse ") && l.Contains("message: string ") && !l.Contains('='));
        Assert.Contains(result.OutputLines, l => l.StartsWith("A parameter shown with \"= value\" may be left out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lab_over_inproc_says_its_commands_cannot_be_repeated_in_two_terminals()
    {
        var result = await Cli.RunAsync(["lab", "1", "--transport", "inproc"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("inproc has no wire: the lab ran this server and the client's calls inside one process.", result.Output);
        Assert.DoesNotContain("the OS chose port", result.Output);
    }

    [Fact]
    public async Task Lab_output_in_a_log_keeps_the_port_note_apart_from_the_client_terminal()
    {
        var result = await Cli.RunAsync(["lab", "1", "--transport", "inproc"]);

        var lines = result.OutputLines;
        var note = Array.FindIndex(lines, l => l.StartsWith("inproc has no wire", StringComparison.Ordinal));
        Assert.True(note > 1, result.Output);
        Assert.Equal(string.Empty, lines[note - 1]);
        Assert.StartsWith("error: NotFound: ", lines[note - 2]);
    }

    /// <summary>A loopback port nothing listens on: bound by the OS, then released.</summary>
    private static string UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port.ToString(CultureInfo.InvariantCulture);
    }
}
