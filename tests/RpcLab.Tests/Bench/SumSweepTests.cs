using System.Text.RegularExpressions;

namespace RpcLab.Tests.Bench;

/// <summary><c>rpclab bench sum</c>: a line per size and workers with its median and its bytes on the wire, in-process last.</summary>
public sealed class SumSweepTests
{
    [Fact]
    public async Task Each_size_and_workers_is_a_line_with_the_bytes_the_relay_counted_and_the_in_process_baseline_has_no_wire()
    {
        var result = await Cli.Cli.RunAsync(["bench", "sum", "--transport", "raw", "--sizes", "10,1000", "--workers", "1,2", "--calls", "2"]);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var lines = result.Output.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.Equal(8, lines.Length);
        Assert.All(lines.Take(4), l => Assert.Matches(@"^raw +[0-9,]+ ints  [12] workers \([12] ran\)  median [0-9.]+ (us|ms)  per call: [0-9,]+ bytes sent, [0-9,]+ received$", l));
        Assert.All(lines.Skip(4), l => Assert.Matches(@"^inproc .* per call: no wire \(in-process\)$", l));

        // The raw wire writes the ints as JSON text: a thousand of them are kilobytes each way, ten are not.
        long Sent(string line) => long.Parse(Regex.Match(line, @"per call: ([0-9,]+) bytes sent").Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(Sent(lines[0]), 100, 400);
        Assert.InRange(Sent(lines[2]), 4_000, 20_000);
        Assert.Equal(Sent(lines[2]), Sent(lines[3]));
    }

    [Fact]
    public async Task A_size_of_zero_is_refused()
    {
        var result = await Cli.Cli.RunAsync(["bench", "sum", "--sizes", "0"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--sizes", result.Error, StringComparison.Ordinal);
    }
}
