using System.Diagnostics;
using System.Globalization;

namespace RpcLab.Seminar.Checks.SyncClient;

/// <summary>
/// Lab 4's checks (<c>sync-client</c>): the student's own folder-sync client against RpcLab's server. One scenario,
/// step by step, each step one check: the folder it starts with, a new file, a changed file, a rename, a delete, a large
/// file written slowly, a server restart, then a quiet folder. After each change the server must mirror the folder
/// within two intervals (plus a grace for a busy machine), and the client may upload only what changed: a file sent
/// again though it did not change is named. The large file is bigger than the largest message, so it must travel in
/// chunks, and it must never be seen on the server half-written. Stateless; each run's state is a
/// <see cref="SyncScenario"/> in its context.
/// </summary>
public sealed class SyncClientCheckSuite : ILabCheckSuite
{
    /// <summary>The interval the checks give the client: short, so a run takes about a minute.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The large file: four times gRPC's 4 MiB message limit (the issue's 50 MiB, scaled for a shared machine).</summary>
    public const int LargeFileSize = 16 * 1024 * 1024;

    /// <summary>How long the large file takes to write.</summary>
    public static readonly TimeSpan LargeFileWriteTime = TimeSpan.FromSeconds(3);

    /// <summary>Added to every "two intervals": a shared two-core machine may stall a process for a second or two.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    /// <summary>The first check waits for the client's <c>dotnet run</c> to build and start.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);

    public string Name => "sync-client";

    public IReadOnlyList<string> Transports { get; } = ["grpc"];

    public bool ChecksClient => true;

    public IReadOnlyList<LabCheck> Checks { get; } =
    [
        Check("your client mirrors the folder it starts with", StartAsync) with { Timeout = StartTimeout + TimeSpan.FromSeconds(30) },
        Check("a new file is uploaded within two intervals, and only it", NewFileAsync),
        Check("a changed file is uploaded again, and only it", ChangedFileAsync),
        Check("a renamed file is mirrored (the new name there, the old gone)", RenamedFileAsync),
        Check("a deleted file is deleted on the server", DeletedFileAsync),
        Check("a 16 MiB file written over 3 s: never half-written on the server, sent in chunks", LargeFileAsync),
        Check("the server restarts: your client carries on and mirrors what changed meanwhile", RestartAsync),
        Check("a quiet folder costs no uploads", QuietAsync),
    ];

    private static TimeSpan TwoIntervals => (2 * Interval) + Grace;

    private static LabCheck Check(string name, Func<SyncScenario, CheckContext, CancellationToken, Task<CheckOutcome>> body) =>
        new(name, async (context, cancellationToken) =>
        {
            var scenario = context.Shared(() => new SyncScenario(context, Interval));
            if (scenario.Broken is { } broken)
            {
                return CheckOutcome.Fail($"not checked: {broken}");
            }

            try
            {
                return await body(scenario, context, cancellationToken).ConfigureAwait(false);
            }
            catch (CheckFailedException e)
            {
                return CheckOutcome.Fail(e.Message);
            }
        });

    private static async Task<CheckOutcome> StartAsync(SyncScenario scenario, CheckContext context, CancellationToken cancellationToken)
    {
        var command = context.ClientCommand ?? throw new CheckFailedException("give your client's command with --client \"CMD {dir} {port}\"");
        if (!command.Contains("{dir}", StringComparison.Ordinal) || !command.Contains("{port}", StringComparison.Ordinal))
        {
            scenario.Broken = "your --client command has no {dir} or no {port}";
            throw new CheckFailedException("your --client command must contain {dir} (the folder to sync) and {port} (the server's port); {interval} is the interval, as 1s");
        }

        await File.WriteAllTextAsync(Path.Combine(scenario.Folder, "notes.txt"), "first line\n", cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(Path.Combine(scenario.Folder, "photo.bin"), Content(200 * 1024, seed: 1), cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(Path.Combine(scenario.Folder, "empty.txt"), [], cancellationToken).ConfigureAwait(false);
        await scenario.StartServerAsync(cancellationToken).ConfigureAwait(false);
        scenario.StartClient(command);
        try
        {
            // Its first mirror includes `dotnet run`'s build: the start timeout, not two intervals.
            await scenario.WaitForMirrorAsync(StartTimeout, "notes.txt, photo.bin and empty.txt at the start", cancellationToken).ConfigureAwait(false);
        }
        catch (CheckFailedException e)
        {
            scenario.Broken = "your client did not mirror the folder it started with (the first check)";
            scenario.ThrowIfClientExited();
            throw new CheckFailedException($"{e.Message}. Your client's last output{scenario.ClientOutput()}");
        }

        return await OnlyTheseUploadedAsync(scenario, ["notes.txt", "photo.bin", "empty.txt"], since: DateTimeOffset.MinValue, "at the start", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CheckOutcome> NewFileAsync(SyncScenario scenario, CheckContext context, CancellationToken cancellationToken)
    {
        var since = DateTimeOffset.UtcNow;
        await File.WriteAllTextAsync(Path.Combine(scenario.Folder, "new.txt"), "a new file\n", cancellationToken).ConfigureAwait(false);
        await scenario.WaitForMirrorAsync(TwoIntervals, "new.txt created", cancellationToken).ConfigureAwait(false);
        return await OnlyTheseUploadedAsync(scenario, ["new.txt"], since, "after new.txt was created", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CheckOutcome> ChangedFileAsync(SyncScenario scenario, CheckContext context, CancellationToken cancellationToken)
    {
        var since = DateTimeOffset.UtcNow;
        await File.AppendAllTextAsync(Path.Combine(scenario.Folder, "notes.txt"), "second line\n", cancellationToken).ConfigureAwait(false);
        await scenario.WaitForMirrorAsync(TwoIntervals, "notes.txt changed", cancellationToken).ConfigureAwait(false);
        return await OnlyTheseUploadedAsync(scenario, ["notes.txt"], since, "after notes.txt changed", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CheckOutcome> RenamedFileAsync(SyncScenario scenario, CheckContext context, CancellationToken cancellationToken)
    {
        var since = DateTimeOffset.UtcNow;
        File.Move(Path.Combine(scenario.Folder, "photo.bin"), Path.Combine(scenario.Folder, "holiday.bin"));
        await scenario.WaitForMirrorAsync(TwoIntervals, "photo.bin renamed to holiday.bin", cancellationToken).ConfigureAwait(false);

        // files.rename would do it without an upload; an upload of the new name and a delete of the old is fine too.
        return await OnlyTheseUploadedAsync(scenario, ["holiday.bin"], since, "after photo.bin was renamed to holiday.bin", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CheckOutcome> DeletedFileAsync(SyncScenario scenario, CheckContext context, CancellationToken cancellationToken)
    {
        var since = DateTimeOffset.UtcNow;
        File.Delete(Path.Combine(scenario.Folder, "empty.txt"));
        await scenario.WaitForMirrorAsync(TwoIntervals, "empty.txt deleted", cancellationToken).ConfigureAwait(false);
        return await OnlyTheseUploadedAsync(scenario, [], since, "after empty.txt was deleted", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CheckOutcome> LargeFileAsync(SyncScenario scenario, CheckContext context, CancellationToken cancellationToken)
    {
        var (outcome, stall) = await WriteLargeFileAsync(scenario, "large.bin", cancellationToken).ConfigureAwait(false);
        if (outcome.Passed || stall < Interval / 2)
        {
            return outcome;
        }

        // The checker's own writer stalled (a busy machine) for long enough that a client waiting for a quiet file
        // rightly took it as finished: that run tells nothing, so write another file.
        return (await WriteLargeFileAsync(scenario, "large-2.bin", cancellationToken).ConfigureAwait(false)).Outcome;
    }

    /// <summary>Writes a large file slowly and checks how it reached the server; also says the longest pause of the writer.</summary>
    private static async Task<(CheckOutcome Outcome, TimeSpan Stall)> WriteLargeFileAsync(SyncScenario scenario, string name, CancellationToken cancellationToken)
    {
        var content = Content(LargeFileSize, seed: name.Length);
        var final = SyncScenario.Sha256(content);
        var since = DateTimeOffset.UtcNow;
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var halfWritten = WatchForHalfWrittenAsync(scenario, name, final, stopWatching.Token);

        // Written as a slow program writes: in place, open all along, a piece at a time, flushed so others see it grow.
        const int pieces = 48;
        var path = Path.Combine(scenario.Folder, name);
        DateTimeOffset closed;
        var stall = TimeSpan.Zero;
        await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
        {
            var clock = Stopwatch.StartNew();
            var last = clock.Elapsed;
            for (var i = 0; i < pieces; i++)
            {
                var (start, end) = ((long)content.Length * i / pieces, (long)content.Length * (i + 1) / pieces);
                await output.WriteAsync(content.AsMemory((int)start, (int)(end - start)), cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                stall = TimeSpan.FromTicks(Math.Max(stall.Ticks, (clock.Elapsed - last).Ticks));
                last = clock.Elapsed;
                var due = LargeFileWriteTime * (i + 1) / pieces;
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, cancellationToken).ConfigureAwait(false);
                }
            }

            closed = DateTimeOffset.UtcNow;
        }

        // The transfer itself takes time on a busy machine: a little more than two intervals.
        try
        {
            await scenario.WaitForMirrorAsync(TwoIntervals + Grace, $"{name} written", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stopWatching.CancelAsync().ConfigureAwait(false);
        }

        if (await halfWritten.ConfigureAwait(false) is { } seen)
        {
            return (CheckOutcome.Fail($"{name} was on the server half-written: {seen}. Upload a file only once it stopped changing (the same size and write time at two looks in a row)"), stall);
        }

        if (scenario.OverLimit() is [var over, ..])
        {
            return (CheckOutcome.Fail($"a message over the server's limit was refused ({over.Method}: {over.Status} {over.Detail}): send a file in chunks of 64 KiB, not in one message"), stall);
        }

        var early = scenario.AllUploads().Where(u => u.Name == name && u.Stored && u.Started < closed).ToList();
        if (early.Count > 0)
        {
            return (CheckOutcome.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{name} was uploaded while it was still being written ({early.Count} upload(s) began before the writer closed it): its content on the server was half-written for a while. Upload a file only once it stopped changing")), stall);
        }

        return (await OnlyTheseUploadedAsync(scenario, [name], since, $"after {name} was written", cancellationToken).ConfigureAwait(false), stall);
    }

    private static async Task<CheckOutcome> RestartAsync(SyncScenario scenario, CheckContext context, CancellationToken cancellationToken)
    {
        await scenario.StopServerAsync().ConfigureAwait(false);
        var since = DateTimeOffset.UtcNow;
        await File.WriteAllTextAsync(Path.Combine(scenario.Folder, "while-down.txt"), "written while the server was down\n", cancellationToken).ConfigureAwait(false);

        // Down for two of the client's cycles: its calls fail, and it must not give up.
        await Task.Delay(2 * Interval, cancellationToken).ConfigureAwait(false);
        scenario.ThrowIfClientExited();
        await scenario.StartServerAsync(cancellationToken).ConfigureAwait(false);

        // gRPC's channel waits a backoff (1 s, then 1.6 s, ...) before it connects again: more grace than a plain step.
        await scenario.WaitForMirrorAsync(TwoIntervals + TimeSpan.FromSeconds(8), "while-down.txt written while the server was down, then the server restarted", cancellationToken).ConfigureAwait(false);
        return await OnlyTheseUploadedAsync(scenario, ["while-down.txt"], since, "after the restart", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CheckOutcome> QuietAsync(SyncScenario scenario, CheckContext context, CancellationToken cancellationToken)
    {
        var since = DateTimeOffset.UtcNow;
        await Task.Delay(3 * Interval, cancellationToken).ConfigureAwait(false);
        scenario.ThrowIfClientExited();
        return await OnlyTheseUploadedAsync(scenario, [], since, "in three quiet intervals", cancellationToken, settle: false).ConfigureAwait(false);
    }

    /// <summary>
    /// Once the server mirrors the folder, watches two more intervals (a client that re-sends everything does so every
    /// cycle), then fails naming every file uploaded since <paramref name="since"/> that was not among
    /// <paramref name="expected"/>, or uploaded more than once.
    /// </summary>
    private static async Task<CheckOutcome> OnlyTheseUploadedAsync(SyncScenario scenario, string[] expected, DateTimeOffset since, string when, CancellationToken cancellationToken, bool settle = true)
    {
        if (settle)
        {
            await Task.Delay(2 * Interval, cancellationToken).ConfigureAwait(false);
        }

        scenario.ThrowIfClientExited();
        var uploads = scenario.AllUploads().Where(u => u.Ended >= since && u.Stored).ToList();
        var unexpected = uploads.Select(u => u.Name).Where(n => !expected.Contains(n, StringComparer.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList();
        var repeated = uploads.GroupBy(u => u.Name).Where(g => g.Count() > 1).Select(g => $"{g.Key} {g.Count()} times").Order(StringComparer.Ordinal).ToList();
        var sent = string.Create(CultureInfo.InvariantCulture, $"{uploads.Count} upload(s) {when}: {string.Join(", ", uploads.Select(u => u.Name))}");
        if (unexpected.Count > 0)
        {
            return CheckOutcome.Fail(
                $"{when} your client uploaded files that did not change: {string.Join(", ", unexpected)} ({uploads.Count} uploads). " +
                "Re-uploading everything each cycle wastes the network: compare each file's SHA-256 with the one files.list gives, and upload only those that differ",
                received: sent);
        }

        if (repeated.Count > 0)
        {
            return CheckOutcome.Fail($"{when} your client uploaded the same content more than once: {string.Join(", ", repeated)}. Once the hashes are equal, there is nothing to send", received: sent);
        }

        return CheckOutcome.Pass(received: sent);
    }

    /// <summary>Polls the server while <paramref name="name"/> is written: what it saw when the server held other content than the final one, or null.</summary>
    private static async Task<string?> WatchForHalfWrittenAsync(SyncScenario scenario, string name, string finalSha256, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var files = await scenario.ServerFilesAsync(cancellationToken).ConfigureAwait(false);
                if (files.TryGetValue(name, out var sha) && sha != finalSha256)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"at {DateTime.Now:HH:mm:ss.fff} its SHA-256 there was {sha[..12]}..., not the finished file's {finalSha256[..12]}...");
                }

                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The write is over and the server mirrors it.
        }
        catch (InvalidOperationException)
        {
            // The server was stopped under the poll: nothing more to see.
        }

        return null;
    }

    /// <summary>Deterministic bytes that do not compress, so a file's size is what travels.</summary>
    private static byte[] Content(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
