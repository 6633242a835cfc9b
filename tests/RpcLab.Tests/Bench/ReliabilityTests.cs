using RpcLab.Measurement.Reliability;
using RpcLab.Tests.Services;

namespace RpcLab.Tests.Bench;

/// <summary>
/// <c>rpclab reliability</c>: a quick run of the sections that take seconds meets its goals and writes both files (the
/// kill section against a real child server: nothing acknowledged is lost); a missed goal is named in the report and
/// makes the exit code non-zero.
/// </summary>
public sealed class ReliabilityTests
{
    [Fact]
    public async Task A_quick_run_of_the_path_tricks_meets_its_goal_and_writes_the_report_with_its_command()
    {
        using var output = new TempFolder();

        var result = await RpcLab.Tests.Cli.Cli.RunAsync(["reliability", "--quick", "--section", "paths", "--out", output.Path]);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var report = await File.ReadAllTextAsync(Path.Combine(output.Path, "reliability.md"));
        Assert.Contains("**Every goal met**", report);
        Assert.Contains("Repeat: `rpclab reliability --quick --section paths --seed 20`", report);
        Assert.Contains("paths,files service,escapes,0,0,yes", await File.ReadAllTextAsync(Path.Combine(output.Path, "reliability.csv")));
    }

    [Fact]
    public async Task A_quick_run_of_the_parsers_finds_no_crash_or_hang()
    {
        using var output = new TempFolder();

        var result = await RpcLab.Tests.Cli.Cli.RunAsync(["reliability", "--quick", "--section", "parsers", "--out", output.Path]);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("parsers: init.yaml: 200 mutated files, 0 crashes, 0 hangs", result.Output);
    }

    [Fact]
    public async Task A_quick_kill_run_loses_no_acknowledged_write_of_a_correct_server()
    {
        using var output = new TempFolder();

        var result = await RpcLab.Tests.Cli.Cli.RunAsync(["reliability", "--quick", "--section", "kill", "--out", output.Path]);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Matches(@"kill: grpc: [1-9]\d* acknowledged creates, 0 lost; 0 half-written files visible; 0 stored files lost or changed; 0 failed restarts or checks", result.Output);
        var csv = await File.ReadAllTextAsync(Path.Combine(output.Path, "reliability.csv"));
        Assert.Contains("kill,grpc,acknowledged creates lost,0,0,yes", csv);
        Assert.Contains("kill,grpc,half-written files visible,0,0,yes", csv);
        Assert.Contains("Repeat: `rpclab reliability --quick --section kill --seed 20`", await File.ReadAllTextAsync(Path.Combine(output.Path, "reliability.md")));
    }

    [Fact]
    public async Task A_missed_goal_is_named_in_the_report()
    {
        using var output = new TempFolder();
        var settings = new ReliabilitySettings { Quick = true, Sections = ["connections"] };
        var run = new ReliabilityRun(settings, [new("connections", "raw", "normal p99 (ms)", 73.5, 50), new("connections", "raw", "normal calls", 100)], TimeSpan.FromSeconds(1), "1.00", "2.00");

        var path = await run.WriteAsync(output.Path);

        Assert.False(run.GoalsMet);
        var report = await File.ReadAllTextAsync(path);
        Assert.Contains("**Goals missed: 1**: connections raw normal p99 (ms) = 73.50 (goal <= 50)", report);
        Assert.Contains("| raw | **73.50** (missed) | 100 |", report);
    }
}
