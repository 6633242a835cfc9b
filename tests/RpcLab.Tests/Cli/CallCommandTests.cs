using System.Security.Cryptography;
using System.Text.Json;

namespace RpcLab.Tests.Cli;

public sealed class CallCommandTests
{
    [Theory]
    [MemberData(nameof(CliTransports.All), MemberType = typeof(CliTransports))]
    public async Task Unary_result_is_printed_as_json(string transport)
    {
        await using var server = await CliServer.StartAsync(transport);

        var result = await Cli.RunAsync(["call", "echo.reverse", "hello", .. server.Endpoint]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["\"olleh\""], result.OutputLines);
        Assert.Empty(result.Error);
    }

    [Theory]
    [MemberData(nameof(CliTransports.All), MemberType = typeof(CliTransports))]
    public async Task Record_result_is_indented_camel_case_json(string transport)
    {
        await using var server = await CliServer.StartAsync(transport);

        var result = await Cli.RunAsync(["call", "users.create", "Ada", "ada@example.org", .. server.Endpoint]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\n  \"name\": \"Ada\"", result.Output.ReplaceLineEndings("\n"));
        var user = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("ada@example.org", user.GetProperty("email").GetString());
    }

    [Theory]
    [MemberData(nameof(CliTransports.All), MemberType = typeof(CliTransports))]
    public async Task Server_stream_items_are_printed_one_per_line(string transport)
    {
        await using var server = await CliServer.StartAsync(transport);

        var result = await Cli.RunAsync(["call", "echo.repeat", "hi", "3", .. server.Endpoint]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["\"hi #1\"", "\"hi #2\"", "\"hi #3\""], result.OutputLines);
    }

    [Theory]
    [MemberData(nameof(CliTransports.All), MemberType = typeof(CliTransports))]
    public async Task Client_stream_and_duplex_take_the_words_as_items(string transport)
    {
        await using var server = await CliServer.StartAsync(transport);

        var collect = await Cli.RunAsync(["call", "echo.collect", "a", "b", "c", .. server.Endpoint]);
        var chat = await Cli.RunAsync(["call", "echo.chat", "one", "two", .. server.Endpoint]);

        Assert.Equal(["\"a b c\""], collect.OutputLines);
        Assert.Equal(["\"eno\"", "\"owt\""], chat.OutputLines);
    }

    [Theory]
    [MemberData(nameof(CliTransports.All), MemberType = typeof(CliTransports))]
    public async Task Method_without_result_prints_ok(string transport)
    {
        await using var server = await CliServer.StartAsync(transport);

        var result = await Cli.RunAsync(["call", "users.delete", "1", .. server.Endpoint]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["ok"], result.OutputLines);
    }

    [Theory]
    [MemberData(nameof(CliTransports.All), MemberType = typeof(CliTransports))]
    public async Task Rpc_error_goes_to_stderr_and_the_exit_code_is_one_plus_the_status(string transport)
    {
        await using var server = await CliServer.StartAsync(transport);

        var result = await Cli.RunAsync(["call", "users.get", "999", .. server.Endpoint]);

        Assert.Equal(1 + 5, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.StartsWith("error: NotFound: ", result.Error);
    }

    [Theory]
    [MemberData(nameof(CliTransports.All), MemberType = typeof(CliTransports))]
    public async Task Timeout_gives_deadline_exceeded(string transport)
    {
        await using var server = await CliServer.StartAsync(transport);

        var result = await Cli.RunAsync(["call", "echo.delay", "slow", "10000", "--timeout", "100", .. server.Endpoint]);

        Assert.Equal(1 + 4, result.ExitCode);
        Assert.StartsWith("error: DeadlineExceeded", result.Error);
    }

    [Theory]
    [MemberData(nameof(CliTransports.All), MemberType = typeof(CliTransports))]
    public async Task Upload_then_download_round_trips_a_local_file(string transport)
    {
        await using var server = await CliServer.StartAsync(transport);
        var folder = Directory.CreateTempSubdirectory("rpclab-cli-test-");
        try
        {
            var content = new byte[200_000];
            new Random(11).NextBytes(content);
            var source = Path.Combine(folder.FullName, "source.bin");
            var target = Path.Combine(folder.FullName, "copy.bin");
            await File.WriteAllBytesAsync(source, content);
            var sha = Convert.ToHexStringLower(SHA256.HashData(content));

            var upload = await Cli.RunAsync(["call", "files.upload", "data.bin", source, .. server.Endpoint]);
            var summary = await Cli.RunAsync(["call", "files.download", "data.bin", .. server.Endpoint]);
            var download = await Cli.RunAsync(["call", "files.download", "data.bin", "--output", target, .. server.Endpoint]);

            Assert.Equal(0, upload.ExitCode);
            Assert.Equal(sha, JsonDocument.Parse(upload.Output).RootElement.GetProperty("sha256").GetString());
            Assert.Equal(0, summary.ExitCode);
            Assert.Equal(200_000, JsonDocument.Parse(summary.Output).RootElement.GetProperty("size").GetInt64());
            Assert.Equal(sha, JsonDocument.Parse(summary.Output).RootElement.GetProperty("sha256").GetString());
            Assert.Equal(0, download.ExitCode);
            Assert.Equal(content, await File.ReadAllBytesAsync(target));
            Assert.False(File.Exists(target + ".part"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Unknown_method_is_a_usage_error_with_suggestions()
    {
        var result = await Cli.RunAsync(["call", "echo.revers", "hello", "--transport", "inproc", "--port", "1"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("did you mean echo.reverse", result.Error);
    }

    [Fact]
    public async Task Wrong_argument_type_is_a_usage_error_before_any_connection()
    {
        // No server on that port: the argument error must come first.
        var result = await Cli.RunAsync(["call", "echo.repeat", "hi", "many", "--transport", "inproc", "--port", "1"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'count' must be int", result.Error);
    }

    [Fact]
    public async Task No_server_is_unavailable()
    {
        var result = await Cli.RunAsync(["call", "echo.reverse", "hello", "--transport", "inproc", "--port", "1"]);

        Assert.Equal(1 + 14, result.ExitCode);
        Assert.StartsWith("error: Unavailable: ", result.Error);
    }

    [Fact]
    public async Task Output_option_on_a_method_that_returns_no_bytes_is_refused()
    {
        await using var server = await CliServer.StartAsync("inproc");

        var result = await Cli.RunAsync(["call", "echo.reverse", "hello", "--output", "x.bin", .. server.Endpoint]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--output is for methods that return a stream of bytes", result.Error);
    }

    [Fact]
    public async Task Unknown_transport_is_refused_by_the_parser()
    {
        var result = await Cli.RunAsync(["call", "echo.reverse", "hello", "--transport", "carrier-pigeon"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("carrier-pigeon", result.Error);
    }
}
