using System.Globalization;
using RpcLab.Measurement.Results;
using Spectre.Console;

namespace RpcLab.Measurement.Load;

/// <summary>
/// The sweep's display. On a terminal, a Spectre.Console progress bar per run with its live rate, refreshed
/// four times a second (it reads the callers' counters, so a refresh costs the callers nothing); elsewhere
/// (a log, CI) one plain line per finished run. Not thread-safe: the sweep calls it from one logical thread.
/// </summary>
public sealed class LoadProgress : ISweepObserver
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(250);

    private readonly IAnsiConsole _console;
    private readonly ProgressContext? _context;

    private LoadProgress(IAnsiConsole console, ProgressContext? context)
    {
        _console = console;
        _context = context;
    }

    /// <summary>Runs <paramref name="sweep"/> with a display on <paramref name="console"/>: bars when it is interactive, lines otherwise.</summary>
    public static async Task<SweepOutcome> RunAsync(IAnsiConsole console, Func<ISweepObserver, Task<SweepOutcome>> sweep)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(sweep);
        if (!console.Profile.Capabilities.Interactive)
        {
            return await sweep(new LoadProgress(console, null)).ConfigureAwait(false);
        }

        var progress = console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ElapsedTimeColumn());
        progress.RefreshRate = RefreshInterval;
        return await progress.StartAsync(context => sweep(new LoadProgress(console, context))).ConfigureAwait(false);
    }

    public async Task<LoadRow> WatchAsync(LoadRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var name = $"{LoadServers.Label(run.Target.Transport, run.Target.Server)} c={run.Settings.Concurrency}";
        if (_context is null)
        {
            var row = await run.Result.ConfigureAwait(false);
            _console.WriteLine(Summary(name, row));
            return row;
        }

        var task = _context.AddTask(Markup.Escape(name), maxValue: 1);
        while (!run.Result.IsCompleted)
        {
            await Task.WhenAny(run.Result, Task.Delay(RefreshInterval)).ConfigureAwait(false);
            task.Value = run.Fraction;
            task.Description = Markup.Escape(run.WarmingUp
                ? $"{name}: warming up"
                : string.Create(CultureInfo.InvariantCulture, $"{name}: {run.CurrentRate:N0} req/s, {run.Errors} errors"));
        }

        try
        {
            var row = await run.Result.ConfigureAwait(false);
            task.Value = 1;
            task.Description = Markup.Escape(Summary(name, row));
            return row;
        }
        finally
        {
            task.StopTask();
        }
    }

    public void Skipped(RunNote skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        var line = $"skipped {skipped.What}: {FirstLine(skipped.Why)}";
        if (_context is null)
        {
            _console.WriteLine(line);
        }
        else
        {
            _context.AddTask(Markup.Escape(line), maxValue: 1).StopTask();
        }
    }

    /// <summary>One run in one line: "grpc c=16: 41,230 req/s, p50 310 us, p99 1,020 us, 0 errors".</summary>
    public static string Summary(string name, LoadRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var summary = string.Create(CultureInfo.InvariantCulture, $"{name}: {row.ThroughputRps:N0} req/s, p50 {row.P50Us:N0} us, p99 {row.P99Us:N0} us, {row.Errors} errors");
        return row.FirstError.Length == 0 ? summary : $"{summary} (first: {FirstLine(row.FirstError)})";
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
