using System.Globalization;
using RpcLab.Measurement.Load;

namespace RpcLab.Seminar.Checks.WhereTheTimeGoes;

/// <summary>
/// Lab 7's checks (<c>where-the-time-goes</c>): the student's measurements, read from their workspace, no server
/// needed. Enough runs to see the spread (three per setting and mode, two settings or more), runs that measured
/// something real (their own server through <c>--port</c>, no errors, a warm-up of a second or more), closed-loop
/// numbers that agree with each other (Little's law), and a report whose every figure comes from a CSV. Stateless,
/// thread-safe.
/// </summary>
public sealed class WhereTheTimeGoesCheckSuite : ILabCheckSuite
{
    /// <summary>Runs each setting needs in each mode, closed and open loop.</summary>
    public const int RunsPerMode = 3;

    /// <summary>Settings the results need: a server as it was and after one change.</summary>
    public const int Settings = 2;

    /// <summary>How far throughput x mean latency may be from the number of callers in a closed loop.</summary>
    public const double LittleTolerance = 0.15;

    /// <summary>The shortest warm-up a run may have: the first calls of a fresh connection and unjitted code are not the steady state.</summary>
    public static readonly TimeSpan ShortestWarmup = TimeSpan.FromSeconds(1);

    public string Name => "where-the-time-goes";

    /// <summary>None: the checks read files.</summary>
    public IReadOnlyList<string> Transports { get; } = [];

    public bool NeedsServer => false;

    public IReadOnlyList<LabCheck> Checks { get; } =
    [
        Check("results/ has 2 settings or more, each with 3 closed-loop and 3 open-loop runs", RunsPerSetting),
        Check("every run loaded your running server (--port) and had no errors", NoErrors),
        Check("every run warmed up for at least 1 s", Warmup),
        Check("closed-loop runs obey Little's law: throughput x mean latency = callers, within 15%", LittlesLaw),
        Check("every figure in report.md is in a CSV under results/", ReportFiguresQuoted),
    ];

    private static LabCheck Check(string name, Func<StudentResults, CheckContext, CheckOutcome> body) =>
        new(name, (context, _) =>
        {
            try
            {
                return Task.FromResult(body(StudentResults.Read(context), context));
            }
            catch (CheckFailedException e)
            {
                return Task.FromResult(CheckOutcome.Fail(e.Message));
            }
        });

    private static CheckOutcome RunsPerSetting(StudentResults results, CheckContext context)
    {
        var settings = results.Settings.ToList();
        var found = string.Join("; ", settings.Select(s => $"{s.Key}: {Count(s, LoadModes.Closed)} closed, {Count(s, LoadModes.Open)} open"));
        var mixed = results.Runs.FirstOrDefault(r => r.Mode is not (LoadModes.Closed or LoadModes.Open));
        if (mixed is not null)
        {
            return CheckOutcome.Fail($"{mixed.Name} mixes modes ({mixed.Mode}): one command per mode, closed loop without --rps, open loop with it", null, found);
        }

        var incomplete = settings.FirstOrDefault(s => Count(s, LoadModes.Closed) < RunsPerMode || Count(s, LoadModes.Open) < RunsPerMode);
        if (incomplete is not null)
        {
            return CheckOutcome.Fail(
                $"results/{incomplete.Key} has {Count(incomplete, LoadModes.Closed)} closed-loop and {Count(incomplete, LoadModes.Open)} open-loop runs; measure {RunsPerMode} times in each mode, so the report can tell a change from the spread between runs",
                null,
                found);
        }

        return settings.Count < Settings
            ? CheckOutcome.Fail($"results/ has {settings.Count} setting ({string.Join(", ", settings.Select(s => s.Key))}); measure a server before and after the one thing you change, each in a folder of its own", null, found)
            : CheckOutcome.Pass($"{results.Runs.Count} runs", found);
    }

    private static CheckOutcome NoErrors(StudentResults results, CheckContext context)
    {
        foreach (var run in results.Runs)
        {
            if (run.Rows.FirstOrDefault(r => r.Server != LoadServers.External) is { } ours)
            {
                return CheckOutcome.Fail($"{run.Name} loaded a server rpclab started ({ours.Label}), not yours: run rpclab bench load --transport T --port P against your server", run.Info.Command);
            }

            if (run.Rows.FirstOrDefault(r => r.Errors > 0 || r.Requests == 0) is { } bad)
            {
                var what = bad.Requests == 0 ? "no call succeeded" : string.Create(CultureInfo.InvariantCulture, $"{bad.Errors:N0} of {bad.Requests + bad.Errors:N0} calls failed");
                var first = bad.FirstError.Length > 0 ? $" (first: {bad.FirstError})" : string.Empty;
                return CheckOutcome.Fail(
                    string.Create(CultureInfo.InvariantCulture, $"{run.Name}, {bad.Concurrency} callers: {what}{first}; a run with errors measures failures, not your server: find the cause and measure again"),
                    run.Info.Command);
            }
        }

        return CheckOutcome.Pass($"{results.Runs.Count} runs", string.Create(CultureInfo.InvariantCulture, $"{results.Runs.Sum(r => r.Rows.Sum(row => row.Requests)):N0} calls, 0 errors"));
    }

    private static CheckOutcome Warmup(StudentResults results, CheckContext context)
    {
        foreach (var run in results.Runs)
        {
            var warmup = run.ShortestWarmup();
            if (warmup is null)
            {
                return CheckOutcome.Fail($"{run.Name}: the command in its .json gives a --warmup or --server-warmup that is not a duration", run.Info.Command);
            }

            if (warmup < ShortestWarmup)
            {
                return CheckOutcome.Fail(
                    string.Create(CultureInfo.InvariantCulture, $"{run.Name} warmed up for {warmup.Value.TotalSeconds:0.###} s (its .json: {run.Info.Command}); the first calls pay for connecting and for the JIT, so give --warmup {ShortestWarmup.TotalSeconds:0}s or more"),
                    run.Info.Command);
            }
        }

        var least = results.Runs.Min(r => r.ShortestWarmup()!.Value);
        return CheckOutcome.Pass($"{results.Runs.Count} runs", string.Create(CultureInfo.InvariantCulture, $"the shortest warm-up {least.TotalSeconds:0.###} s"));
    }

    private static CheckOutcome LittlesLaw(StudentResults results, CheckContext context)
    {
        var worst = 0.0;
        var rows = 0;
        foreach (var run in results.Runs)
        {
            foreach (var row in run.Rows.Where(r => r.Mode == LoadModes.Closed))
            {
                if (double.IsNaN(row.MeanUs))
                {
                    return CheckOutcome.Fail($"{run.Name} has no mean_us column (an older rpclab wrote it): measure again with this one");
                }

                // Little's law: in a closed loop each caller always has one call in flight, so L = callers = X * W.
                var inFlight = row.ThroughputRps * row.MeanUs / 1e6;
                var off = Math.Abs(inFlight - row.Concurrency) / row.Concurrency;
                var shown = string.Create(CultureInfo.InvariantCulture, $"{row.ThroughputRps:N1} req/s x {row.MeanUs:0.###} us = {inFlight:0.##} calls in flight, with {row.Concurrency} callers");
                if (off > LittleTolerance)
                {
                    return CheckOutcome.Fail(
                        string.Create(CultureInfo.InvariantCulture, $"{run.Name}, {row.Concurrency} callers: {shown}, {off * 100:0}% off; in a closed loop throughput x mean latency is the number of callers, so a number in this row is not what was measured"),
                        null,
                        shown);
                }

                worst = Math.Max(worst, off);
                rows++;
            }
        }

        return rows == 0
            ? CheckOutcome.Fail("no closed-loop run: measure without --rps too")
            : CheckOutcome.Pass(string.Create(CultureInfo.InvariantCulture, $"{rows} closed-loop rows"), string.Create(CultureInfo.InvariantCulture, $"the farthest {worst * 100:0.0}% from the number of callers"));
    }

    private static CheckOutcome ReportFiguresQuoted(StudentResults results, CheckContext context)
    {
        var path = Path.Combine(results.Workspace, StudentResults.ReportFile);
        if (!File.Exists(path))
        {
            return CheckOutcome.Fail($"{path} does not exist: write your report there");
        }

        var figures = ReportFigures.Find(File.ReadAllText(path));
        if (figures.Count == 0)
        {
            return CheckOutcome.Fail("report.md quotes no measured figure: write latencies with their unit (212 us, 0.21 ms) and throughputs as req/s, from your CSVs");
        }

        var rows = results.Runs.SelectMany(r => r.Rows).ToList();
        var missing = figures.Where(f => !rows.Any(f.IsIn)).ToList();
        return missing.Count == 0
            ? CheckOutcome.Pass(string.Create(CultureInfo.InvariantCulture, $"{figures.Count} figures"), "each is in a CSV")
            : CheckOutcome.Fail(
                $"report.md: {string.Join("; ", missing.Select(f => f.ToString()))} {(missing.Count == 1 ? "is" : "are")} in no CSV under results/; quote what you measured, rounded (212.3 us may be 212 us or 0.21 ms), or a median of your runs, which is one of them",
                null,
                string.Join("; ", missing.Select(f => f.ToString())));
    }

    private static int Count(IEnumerable<MeasuredRun> runs, string mode) => runs.Count(r => r.Mode == mode);
}
