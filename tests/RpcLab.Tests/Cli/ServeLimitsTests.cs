using System.CommandLine;
using RpcLab.Cli.Commands;
using RpcLab.Seminar;
using RpcLab.Tests.Services;

namespace RpcLab.Tests.Cli;

/// <summary><c>rpclab serve</c>'s limits on what clients may store: printed by --help, parsed, refused when wrong, and in force.</summary>
public sealed class ServeLimitsTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Help_prints_every_limit_with_its_default()
    {
        var result = await Cli.RunAsync(["serve", "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.OutputLines, l => l.Contains("--max-name-length <characters>") && l.Contains("[default: 200]"));
        Assert.Contains(result.OutputLines, l => l.Contains("--max-email-length <characters>") && l.Contains("[default: 254]"));
        Assert.Contains(result.OutputLines, l => l.Contains("--max-users <count>") && l.Contains("[default: 1000]"));
        Assert.Contains(result.OutputLines, l => l.Contains("--max-file-size <bytes>") && l.Contains("[default: 104857600]"));
        Assert.Contains(result.OutputLines, l => l.Contains("--files-quota <bytes>") && l.Contains("[default: 1073741824]"));
        Assert.Contains(result.OutputLines, l => l.Contains("--max-files <count>") && l.Contains("[default: 1000]"));
    }

    [Fact]
    public void Limits_given_on_the_command_line_reach_the_service_options()
    {
        var limits = new ServiceLimitOptions();
        var command = new Command("serve");
        limits.AddTo(command);

        var parsed = command.Parse(["--max-name-length", "10", "--max-email-length", "20", "--max-users", "5", "--max-file-size", "2MiB", "--files-quota", "1 GiB", "--max-files", "7"]);
        var options = limits.GetServiceOptions(parsed, "/data");

        Assert.Empty(parsed.Errors);
        Assert.Equal(("/data", 10, 20, 5), (options.DataDirectory, options.MaxNameLength, options.MaxEmailLength, options.MaxUsers));
        Assert.Equal((2L << 20, 1L << 30, 7), (options.MaxFileSize, options.FilesQuota, options.MaxFiles));
    }

    [Theory]
    [InlineData("--max-users", "0", "--max-users must be a whole number, at least 1, got '0'")]
    [InlineData("--max-name-length", "many", "--max-name-length must be a whole number, at least 1, got 'many'")]
    [InlineData("--files-quota", "1XB", "--files-quota must be a size of at least 0 bytes, in bytes or with a unit such as 512KiB, 100MiB or 1GiB; got '1XB'")]
    [InlineData("--max-file-size", "99999999999GiB", "--max-file-size must be a size")]
    public async Task A_wrong_limit_is_refused_by_the_parser_with_one_sentence(string option, string value, string message)
    {
        var result = await Cli.RunAsync(["serve", "--transport", "inproc", option, value, "--list"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1048576", 1048576L)]
    [InlineData("512KiB", 512L * 1024)]
    [InlineData("100M", 100L << 20)]
    [InlineData("1 GiB", 1L << 30)]
    [InlineData("2t", 2L << 40)]
    [InlineData("7B", 7L)]
    public void Sizes_read_bytes_and_binary_units(string word, long bytes)
    {
        Assert.True(ByteSize.TryParse(word, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Fact]
    public async Task A_served_limit_is_what_a_client_meets()
    {
        using var data = new TempFolder();
        await using var server = await InProcessServer.StartAsync(InProcessCommandLine.Instance,
            ["serve", "--transport", "inproc", "--port", "0", "--data", data.Path, "--max-name-length", "5"], StartTimeout, CancellationToken.None);
        var port = server.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var refused = await Cli.RunAsync(["call", "users.create", "Annie!", "a@example.com", "--transport", "inproc", "--port", port]);
        var accepted = await Cli.RunAsync(["call", "users.create", "Annie", "a@example.com", "--transport", "inproc", "--port", port]);

        Assert.Equal(ExitCodes.ForStatus(RpcLab.Services.Errors.RpcStatusCode.InvalidArgument), refused.ExitCode);
        Assert.Contains("name must be at most 5 characters (this one has 6)", refused.Error);
        Assert.Equal(0, accepted.ExitCode);
    }

    [UnixFact]
    public async Task A_fifo_in_the_files_folder_neither_hangs_files_list_nor_the_shutdown_on_sigterm()
    {
        // As the probe found it: a FIFO in the served folder hung files.list forever and kept SIGTERM from stopping the server.
        using var data = new TempFolder();
        UnixOnly.MakeFifo(Path.Combine(Directory.CreateDirectory(data.Combine("files")).FullName, "pipe"));
        var server = await ChildProcessServer.StartAsync(["serve", "--transport", "grpc", "--port", "0", "--data", data.Path], StartTimeout, CancellationToken.None);
        CliResult list;
        try
        {
            list = await Cli.RunAsync(["call", "files.list", "--transport", "grpc", "--port", server.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--timeout", "20000"]);
        }
        finally
        {
            await server.DisposeAsync();
        }

        // A server SIGTERM cannot stop within ChildProcessServer's grace is killed, and never prints its last line.
        Assert.Equal(0, list.ExitCode);
        Assert.Equal(["[]"], list.OutputLines);
        Assert.Equal("rpclab grpc server stopped", server.Terminal.Lines[^1]);
    }
}
