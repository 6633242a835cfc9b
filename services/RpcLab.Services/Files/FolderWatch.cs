using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;

namespace RpcLab.Services.Files;

/// <summary>
/// A watching sync: keeps a server's files equal to a local folder's top-level files, cycle after cycle, through
/// any <see cref="IFileService"/>. A cycle runs every <see cref="Interval"/>, and sooner when a
/// <see cref="FileSystemWatcher"/> event says the folder changed (after <see cref="Settle"/> of quiet, so a burst of
/// writes is one cycle, not one upload per write). The periodic rescan is what counts; the watcher only hurries it,
/// so a missed event (an overflowing buffer, a network folder) costs a delay, never a change.
/// </summary>
/// <remarks>
/// Three rules keep it from doing harm. It never publishes a half-written file: a file is uploaded only when its size
/// and write time are the same at two looks in a row (or, at its first look, are older than <see cref="Settle"/>)
/// and no process holds it open for writing; otherwise it is "waiting". It never deletes on the server what it did
/// not see deleted here: it remembers each name it has seen equal on both sides, and deletes on the server only such
/// a name once it is gone locally; a server file it never synced is left alone. And it loses nothing when the server
/// goes away: what it remembers outlives a failed cycle, so the next one carries on where it stopped. Use one instance
/// for one folder, from one caller at a time; the watcher's events may arrive on any thread.
/// </remarks>
public sealed class FolderWatch : IDisposable
{
    private readonly string _folder;
    private readonly FileSystemWatcher? _watcher;
    private readonly Dictionary<string, FileLook> _previousLooks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Sha256, FileLook Look)> _synced = new(StringComparer.Ordinal);
    private long _events;
    private long _eventsSeen;
    private long _lastEventTick;
    private bool _lastCycleWaited;

    public FolderWatch(string localFolder, TimeSpan interval)
    {
        ArgumentException.ThrowIfNullOrEmpty(localFolder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        if (!Directory.Exists(localFolder))
        {
            throw new DirectoryNotFoundException($"the folder to watch does not exist: {localFolder}");
        }

        _folder = Path.GetFullPath(localFolder);
        Interval = interval;
        Settle = TimeSpan.FromTicks(Math.Clamp(interval.Ticks / 3, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(1).Ticks));
        try
        {
            _watcher = new FileSystemWatcher(_folder)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
                IncludeSubdirectories = false,
            };
            _watcher.Changed += OnEvent;
            _watcher.Created += OnEvent;
            _watcher.Deleted += OnEvent;
            _watcher.Renamed += OnEvent;
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or ArgumentException)
        {
            // Out of inotify watches, or no watcher here: the periodic rescan alone still syncs, only later.
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <summary>The longest time between two cycles.</summary>
    public TimeSpan Interval { get; }

    /// <summary>The quiet after a change event before a cycle runs, and the time before a waiting file is looked at again.</summary>
    public TimeSpan Settle { get; }

    /// <summary>Whether a watcher hurries cycles (false: the periodic rescan alone).</summary>
    public bool Watching => _watcher is not null;

    /// <summary>
    /// One cycle: looks at the folder and the server and mirrors what changed. Throws what <paramref name="files"/>
    /// throws (Unavailable when the server is gone); what was done before the error is remembered.
    /// </summary>
    public async Task<WatchCycle> SyncOnceAsync(IFileService files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        _eventsSeen = Interlocked.Read(ref _events);
        var (local, skipped) = FolderSync.ScanLocal(_folder);
        var now = DateTime.UtcNow;
        List<string> uploaded = [], deleted = [], unchanged = [], waiting = [];
        var ready = new List<(string Name, string Path, FileLook Look)>();
        var looks = new Dictionary<string, FileLook>(StringComparer.Ordinal);
        foreach (var (name, path) in local)
        {
            if (FileLook.Of(path) is not { } look)
            {
                continue; // gone since the listing: the next cycle sees it gone
            }

            looks[name] = look;
            var settled = _previousLooks.TryGetValue(name, out var previous)
                ? previous == look
                : now - look.ModifiedUtc >= Settle;
            if (settled)
            {
                ready.Add((name, path, look));
            }
            else
            {
                waiting.Add(name);
            }
        }

        // Remembered before any call, so a server that is down does not reset the "two looks" of a file.
        _previousLooks.Clear();
        foreach (var (name, look) in looks)
        {
            _previousLooks[name] = look;
        }

        var remote = (await files.ListAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(entry => entry.Name, entry => entry.Sha256, StringComparer.Ordinal);

        var toUpload = new List<(string Name, string Path, FileLook Look, string Sha256)>();
        foreach (var (name, path, look) in ready)
        {
            var sha = _synced.TryGetValue(name, out var known) && known.Look == look
                ? known.Sha256
                : await FolderSync.HashAsync(path, cancellationToken).ConfigureAwait(false);
            if (remote.TryGetValue(name, out var remoteSha) && string.Equals(remoteSha, sha, StringComparison.OrdinalIgnoreCase))
            {
                _synced[name] = (sha, look);
                unchanged.Add(name);
            }
            else
            {
                toUpload.Add((name, path, look, sha));
            }
        }

        var writers = OpenForWriting.Among([.. toUpload.Select(file => file.Path)]);
        foreach (var (name, path, look, sha) in toUpload)
        {
            if (writers.Contains(path))
            {
                waiting.Add(name);
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            await files.UploadAsync(name, FolderSync.ReadChunks(path, cancellationToken), cancellationToken).ConfigureAwait(false);
            _synced[name] = (sha, look);
            uploaded.Add(name);
        }

        var skippedNames = skipped.Select(entry => entry.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in _synced.Keys.Where(name => !local.ContainsKey(name) && !skippedNames.Contains(name)).Order(StringComparer.Ordinal).ToList())
        {
            if (remote.ContainsKey(name))
            {
                try
                {
                    await files.DeleteAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (RpcException e) when (e.Status == RpcStatusCode.NotFound)
                {
                    // Deleted on the server meanwhile: the result we wanted.
                }

                deleted.Add(name);
            }

            _synced.Remove(name);
        }

        waiting.Sort(StringComparer.Ordinal);
        _lastCycleWaited = waiting.Count > 0;
        return new WatchCycle(uploaded, deleted, unchanged, waiting);
    }

    /// <summary>
    /// Waits until the next cycle is due: <see cref="Interval"/> after the last, or <see cref="Settle"/> after the folder's
    /// last change event (a burst of events restarts the wait), or <see cref="Settle"/> when files were left waiting.
    /// </summary>
    public async Task WaitForNextCycleAsync(CancellationToken cancellationToken = default)
    {
        var started = Environment.TickCount64;
        var due = (long)(_lastCycleWaited ? Settle : Interval).TotalMilliseconds;
        var settle = (long)Settle.TotalMilliseconds;
        var step = TimeSpan.FromMilliseconds(Math.Min(50, settle));
        while (true)
        {
            var now = Environment.TickCount64;
            var changed = Interlocked.Read(ref _events) != _eventsSeen;
            var quiet = now - Interlocked.Read(ref _lastEventTick) >= settle;
            if ((changed && quiet) || now - started >= due)
            {
                return;
            }

            await Task.Delay(step, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _watcher?.Dispose();

    private void OnEvent(object sender, FileSystemEventArgs e)
    {
        Interlocked.Exchange(ref _lastEventTick, Environment.TickCount64);
        Interlocked.Increment(ref _events);
    }
}
