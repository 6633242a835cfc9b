using RpcLab.Seminar.Checks.WhereTheTimeGoes;
using RpcLab.Tests.Services;

namespace RpcLab.Tests.Seminar;

/// <summary>
/// Lab 7's checks (where-the-time-goes) on real results (Lab07Solutions/correct, written by rpclab bench load against a
/// running server) and on named wrong variants of them, each failing the one check it breaks with a reason naming it.
/// </summary>
public sealed class WhereTheTimeGoesChecksTests
{
    [Fact]
    public async Task The_correct_results_and_report_pass_every_check()
    {
        using var results = new Lab07Results("correct");

        var run = await results.CheckAsync();

        Assert.True(run.Outcomes.All(o => o.Outcome.Passed), run.Report);
    }

    [Theory]
    [InlineData("only-two-runs", "results/ has 2 settings or more", "results/raw-log-off has 3 closed-loop and 2 open-loop runs; measure 3 times in each mode", "spread between runs")]
    [InlineData("errors", "every run loaded your running server", "results/raw-log-off/closed-2.csv, 4 callers: 23 of 4,164 calls failed (first: IOException: Connection reset by peer)", "measure again")]
    [InlineData("no-warmup", "every run warmed up", "results/raw-log-on/closed-1.csv warmed up for 0 s", "give --warmup 1s or more")]
    [InlineData("fabricated-throughput", "closed-loop runs obey Little's law", "results/raw-log-off/closed-3.csv, 4 callers: 30,266.0 req/s x 197.203 us = 5.97 calls in flight, with 4 callers, 49% off", "not what was measured")]
    [InlineData("unmeasured-figure", "every figure in report.md", "report.md: line 29: 25,000 req/s is in no CSV under results/", "quote what you measured")]
    public async Task A_named_wrong_variant_fails_only_the_check_it_breaks_with_a_reason_naming_what_is_wrong(string variant, string check, string reasonStart, string advice)
    {
        using var results = new Lab07Results(variant);

        var run = await results.CheckAsync();

        var outcome = run[check];
        Assert.False(outcome.Passed, run.Report);
        Assert.StartsWith(reasonStart, outcome.Reason, StringComparison.Ordinal);
        Assert.Contains(advice, outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(1, run.Outcomes.Count(o => !o.Outcome.Passed));
    }

    [Fact]
    public async Task Without_a_results_folder_every_check_fails_saying_where_results_go()
    {
        using var results = new Lab07Results("correct");
        Directory.Delete(Path.Combine(results.Folder, "results"), recursive: true);

        var run = await results.CheckAsync();

        Assert.All(run.Outcomes, o => Assert.Contains("results/<setting>/", o.Outcome.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_7_reads_the_workspace_without_a_server_and_refuses_one()
    {
        using var results = new Lab07Results("correct");

        var passed = await Cli.Cli.RunAsync(["check", "7", "--workspace", results.Folder]);
        var withPort = await Cli.Cli.RunAsync(["check", "7", "--workspace", results.Folder, "--port", "5001"]);
        var withoutWorkspace = await Cli.Cli.RunAsync(["check", "7"]);

        Assert.True(passed.ExitCode == 0, passed.Output + passed.Error);
        Assert.Contains("where-the-time-goes checks on ", passed.Output, StringComparison.Ordinal);
        Assert.Matches(@"\nPassed -- 5 checks, \d+\.\d s\n", passed.Output.ReplaceLineEndings("\n"));
        Assert.Equal(1, withPort.ExitCode);
        Assert.Contains("need no server: give only --workspace DIR", withPort.Error, StringComparison.Ordinal);
        Assert.Equal(1, withoutWorkspace.ExitCode);
        Assert.Contains("give --workspace DIR", withoutWorkspace.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_written_workspace_needs_no_build_and_fails_every_check_saying_where_results_go()
    {
        using var folder = new TempFolder();
        var workspace = folder.Combine("lab7");

        var written = await Cli.Cli.RunAsync(["workspace", "7", workspace]);
        var check = await Cli.Cli.RunAsync(["check", "7", "--workspace", workspace]);

        Assert.True(written.ExitCode == 0, written.Output + written.Error);
        Assert.Contains("wrote report.md", written.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet build", written.Output, StringComparison.Ordinal);
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("Failed -- 5 of 5", check.Output, StringComparison.Ordinal);
        Assert.Contains("results holds no CSV: save each run with rpclab bench load", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Figures_are_numbers_with_a_unit_of_the_results_or_in_a_column_whose_header_names_one()
    {
        const string Report = """
            # Report 2026-12-06, 06:55

            1. Port 5001, 3 runs, 16 callers, 1.5 s warm-up, 23% faster, 1.8x; `-c 1,4 --rps 2000` is code.
            2. p99 was 6.0 ms and p50 212 us; 12,345 req/s, 1.5k rps.

            | setting | callers | p50 (us) | req/s |
            |---|---:|---|---|
            | a | 4 | 207.6 | 9,214 |

            ```
            35 ms in a block is code
            ```
            """;

        var figures = ReportFigures.Find(Report);

        Assert.Equal(["6.0 ms", "212 us", "12,345 req/s", "1.5k rps", "207.6", "9,214"], figures.Select(f => f.Text));
        Assert.Equal([4, 4, 4, 4, 8, 8], figures.Select(f => f.Line));
    }
}
