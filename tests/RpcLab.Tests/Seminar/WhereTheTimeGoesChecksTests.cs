using RpcLab.Seminar.Checks.WhereTheTimeGoes;

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

    [Fact]
    public async Task Only_two_runs_of_a_setting_fail_naming_the_setting_and_the_count()
    {
        using var results = new Lab07Results("only-two-runs");

        var run = await results.CheckAsync();

        var outcome = run["results/ has 2 settings or more"];
        Assert.False(outcome.Passed, run.Report);
        Assert.StartsWith("results/raw-log-off has 3 closed-loop and 2 open-loop runs; measure 3 times in each mode", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(1, run.Outcomes.Count(o => !o.Outcome.Passed));
    }

    [Fact]
    public async Task A_run_with_errors_fails_naming_the_file_the_callers_and_the_first_error()
    {
        using var results = new Lab07Results("errors");

        var run = await results.CheckAsync();

        var outcome = run["every run loaded your running server"];
        Assert.False(outcome.Passed, run.Report);
        Assert.StartsWith($"{Path.Combine("results", "raw-log-off", "closed-2.csv")}, 4 callers: 23 of 4,164 calls failed (first: IOException: Connection reset by peer)", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(1, run.Outcomes.Count(o => !o.Outcome.Passed));
    }

    [Fact]
    public async Task A_run_without_warm_up_fails_naming_the_file_and_the_option()
    {
        using var results = new Lab07Results("no-warmup");

        var run = await results.CheckAsync();

        var outcome = run["every run warmed up"];
        Assert.False(outcome.Passed, run.Report);
        Assert.StartsWith($"{Path.Combine("results", "raw-log-on", "closed-1.csv")} warmed up for 0 s", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("--warmup 1s or more", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(1, run.Outcomes.Count(o => !o.Outcome.Passed));
    }

    [Fact]
    public async Task A_fabricated_throughput_breaks_Littles_law_and_the_row_is_named()
    {
        using var results = new Lab07Results("fabricated-throughput");

        var run = await results.CheckAsync();

        var outcome = run["closed-loop runs obey Little's law"];
        Assert.False(outcome.Passed, run.Report);
        Assert.StartsWith($"{Path.Combine("results", "raw-log-off", "closed-3.csv")}, 4 callers: 30,266.0 req/s x 197.203 us = 5.97 calls in flight, with 4 callers", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(1, run.Outcomes.Count(o => !o.Outcome.Passed));
    }

    [Fact]
    public async Task A_figure_in_the_report_that_no_CSV_holds_fails_naming_its_line()
    {
        using var results = new Lab07Results("unmeasured-figure");

        var run = await results.CheckAsync();

        var outcome = run["every figure in report.md"];
        Assert.False(outcome.Passed, run.Report);
        Assert.StartsWith("report.md: line 29: 25,000 req/s is in no CSV under results/", outcome.Reason, StringComparison.Ordinal);
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
        Assert.Contains("Passed -- 5 checks", passed.Output, StringComparison.Ordinal);
        Assert.Equal(1, withPort.ExitCode);
        Assert.Contains("need no server: give only --workspace DIR", withPort.Error, StringComparison.Ordinal);
        Assert.Equal(1, withoutWorkspace.ExitCode);
        Assert.Contains("give --workspace DIR", withoutWorkspace.Error, StringComparison.Ordinal);
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
