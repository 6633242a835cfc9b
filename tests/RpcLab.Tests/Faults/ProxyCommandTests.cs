namespace RpcLab.Tests.Faults;

/// <summary><c>rpclab proxy</c>'s command line: a wrong target or fault is one sentence and exit code 1, before anything listens.</summary>
public sealed class ProxyCommandTests
{
    [Theory]
    [InlineData(new[] { "proxy", "--listen", "0", "--to", "nowhere" }, "--to must be HOST:PORT")]
    [InlineData(new[] { "proxy", "--listen", "0", "--to", "127.0.0.1:1", "latency=soon" }, "'latency=soon'")]
    [InlineData(new[] { "proxy", "--listen", "0", "--to", "127.0.0.1:1", "--script", "reply-lost:two" }, "N must be a whole number")]
    [InlineData(new[] { "proxy", "--listen", "0", "--to", "127.0.0.1:1", "duplicate=5%" }, "duplicate needs frames=")]
    [InlineData(new[] { "proxy", "--listen", "abc", "--to", "127.0.0.1:1" }, "--listen must be between 0 and 65535, got 'abc'")]
    public async Task A_wrong_command_line_is_one_sentence_and_exit_code_1(string[] args, string expected)
    {
        var result = await Cli.Cli.RunAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
    }
}
