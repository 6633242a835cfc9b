using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace RpcLab.Measurement.Reliability;

/// <summary>
/// One reliability run: the sections <see cref="ReliabilitySettings"/> names, in order, then reliability.md (each section
/// with its figures, goals and the command that repeats it) and reliability.csv (every figure) in the output folder.
/// <see cref="GoalsMet"/> tells <c>rpclab reliability</c> its exit code. Not thread-safe; one run at a time.
/// </summary>
public sealed class ReliabilityRun
{
    internal ReliabilityRun(ReliabilitySettings settings, IReadOnlyList<Figure> figures, TimeSpan elapsed, string loadBefore, string loadAfter)
    {
        Settings = settings;
        Figures = figures;
        Elapsed = elapsed;
        LoadBefore = loadBefore;
        LoadAfter = loadAfter;
    }

    public ReliabilitySettings Settings { get; }

    public IReadOnlyList<Figure> Figures { get; }

    public TimeSpan Elapsed { get; }

    public string LoadBefore { get; }

    public string LoadAfter { get; }

    /// <summary>True when every figure with a goal meets it.</summary>
    public bool GoalsMet => Figures.All(f => f.Met);

    /// <summary>Runs the sections, writing one progress line per subject to <paramref name="log"/>.</summary>
    public static async Task<ReliabilityRun> RunAsync(ReliabilitySettings settings, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        var loadBefore = LoadAverage();
        var started = Stopwatch.GetTimestamp();
        var figures = new List<Figure>();
        foreach (var section in settings.Sections)
        {
            figures.AddRange(section switch
            {
                "parsers" => await ParserProbe.RunAsync(settings, log, cancellationToken).ConfigureAwait(false),
                "calls" => await CheckedCalls.RunAsync(settings, log, cancellationToken).ConfigureAwait(false),
                "connections" => await ConnectionFlood.RunAsync(settings, log, cancellationToken).ConfigureAwait(false),
                "paths" => await PathTricks.RunAsync(settings, log, cancellationToken).ConfigureAwait(false),
                "kill" => await KillRestart.RunAsync(settings, log, cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentException($"unknown section '{section}'; known: {string.Join(", ", ReliabilitySettings.SectionNames)}"),
            });
        }

        return new ReliabilityRun(settings, figures, Stopwatch.GetElapsedTime(started), loadBefore, LoadAverage());
    }

    /// <summary>Writes reliability.md and reliability.csv into <paramref name="folder"/> (created when missing); returns the report's path.</summary>
    public async Task<string> WriteAsync(string folder, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        var csv = new StringBuilder("section,subject,figure,value,goal_max,met\n");
        foreach (var f in Figures)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{f.Section},{f.Subject},{f.Name},{f.Value.ToString(CultureInfo.InvariantCulture)},{f.Maximum?.ToString(CultureInfo.InvariantCulture)},{(f.Met ? "yes" : "no")}\n");
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "reliability.csv"), csv.ToString(), cancellationToken).ConfigureAwait(false);
        var path = Path.Combine(folder, "reliability.md");
        await File.WriteAllTextAsync(path, Markdown(), cancellationToken).ConfigureAwait(false);
        return path;
    }

    private string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine(Settings.Quick ? "# Reliability (quick run)" : "# Reliability");
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Written by `{Settings.CommandLine()}` on {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadBefore} at the start and {LoadAfter} at the end (other builds share this machine), in {Elapsed.TotalMinutes:0.0} min. On loopback; the parsers, calls and paths sections run client and server in one process, the connections and kill sections run `rpclab serve` as a child process. Raw figures: reliability.csv."));
        text.AppendLine();
        var missed = Figures.Where(f => !f.Met).ToList();
        text.AppendLine(missed.Count == 0
            ? "**Every goal met** (0 crashes, 0 hangs, 0 failed or wrong calls, 0 escapes, 0 lost acknowledged writes, a normal client's p99 under 50 ms)."
            : $"**Goals missed: {missed.Count}**: {string.Join("; ", missed.Select(f => $"{f.Section} {f.Subject} {f.Name} = {f.ValueText} (goal {f.GoalText})"))}.");
        foreach (var section in Settings.Sections)
        {
            var rows = Figures.Where(f => f.Section == section).ToList();
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"## {section}");
            text.AppendLine();
            text.AppendLine(SectionNote(section));
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Repeat: `{Settings.CommandLine(section)}`");
            text.AppendLine();
            var names = rows.Select(f => f.Name).Distinct().ToList();
            text.AppendLine($"| subject | {string.Join(" | ", names.Select(n => rows.First(f => f.Name == n) is { Maximum: not null } g ? $"{n} (goal {g.GoalText})" : n))} |");
            text.AppendLine($"|---|{string.Concat(names.Select(_ => "---:|"))}");
            foreach (var subject in rows.Select(f => f.Subject).Distinct())
            {
                text.AppendLine($"| {subject} | {string.Join(" | ", names.Select(n => rows.FirstOrDefault(f => f.Subject == subject && f.Name == n) is { } f ? (f.Met ? f.ValueText : $"**{f.ValueText}** (missed)") : ""))} |");
            }
        }

        text.AppendLine();
        text.AppendLine("## Not measured by this run");
        text.AppendLine();
        text.AppendLine("The zeroRPC event reader is not reached by the parsers section (see there)." +
            (Settings.Quick ? " The quick run kills only the gRPC server; the full run kills every transport's." : "") +
            " The kill section leaves out REST: its client cannot upload (no client streaming over REST).");
        return text.ToString();
    }

    private string SectionNote(string section) => section switch
    {
        "parsers" => $"{Settings.MutatedInputs:N0} seeded mutations (flipped, dropped, duplicated and inserted bytes, truncation) of the bytes each transport's own client sends for one call, " +
            "each on a fresh TCP connection whose sending half is then closed; a hang is a connection still open " +
            $"{Settings.HangAfter.TotalSeconds:0} s later, a crash a server that no longer answers a normal call afterwards. For gRPC and zeroRPC the client's wire tap shows the " +
            "messages without the HTTP/2 or ZMTP framing, so their mutations stop at the library's framing (Kestrel, NetMQ) and do not reach our zeroRPC event reader. " +
            "init.yaml is mutated as text and read by the cluster's parser in process; any exception but its ConfigException is a crash.",
        "calls" => $"{Settings.CallsPerTransport:N0} echo.reverse calls per transport, each with its own message, from {Settings.Callers} concurrent callers on {CheckedCalls.Clients} connections; every reply is checked. " +
            (Settings.Quick ? "" : "Not the issue's 1M per transport: 300,000 keep the whole run within its 10 minutes on a loaded two-core machine (1M at the rates below would take about three times this section's time)."),
        "connections" => $"Idle connections (never a byte) and {Settings.SlowConnections} slowloris connections (a byte a second) held while one normal client calls echo.reverse back to back for " +
            $"{Settings.NormalClientTime.TotalSeconds:0} s. The server is `rpclab serve` in a child process, so each connection costs this process one descriptor and the server one; the idle count is lowered only when it does not fit the descriptor limit " +
            $"({FileDescriptorLimit()}): {ConnectionFlood.Fit(RpcLab.Transports.Hosting.FileDescriptorLimit.Current):N0} connections at most. The servers' connection limits are raised to hold them (`--max-connections`, `--max-connections-per-peer`); server peak memory is the child's resident peak (VmHWM).",
        "paths" => $"The files service asked to upload, download, rename to and delete each of {PathTricks.Corpus("/abs").Count} names that try to leave its folder (a symlink to a file outside planted in it).",
        "kill" => $"`rpclab serve` of each transport as a child process on a data folder of its own, killed with SIGKILL (kill -9) three times and started again on the same folder each time: " +
            $"mid-create ({KillRestart.CreateCallers} callers creating users until the kill, which lands once {Settings.CreatesBeforeKill} creates were acknowledged), " +
            $"mid-upload (a files.upload of {Settings.KeptFileBytes / 1024 / 1024} MiB whose first chunks are on the server's disk) and mid-stream (a files.download of a stored {Settings.KeptFileBytes / 1024 / 1024} MiB file after its first chunk). " +
            "After each restart: every acknowledged create is listed as created, the cut-off upload is not visible under its name (in files.list or on disk), the stored file is listed with its hash and downloads whole, and the server answers.",
        _ => string.Empty,
    };

    private static string FileDescriptorLimit() =>
        RpcLab.Transports.Hosting.FileDescriptorLimit.Current is { } limit ? $"{limit:N0} here" : "unknown here";

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
