namespace RpcLab.Services.Files;

/// <summary>
/// The bytes and files the folder holds and the bytes uploads in flight have written, so that an upload is refused
/// before a write that would take the folder over its quota, and before it adds a name past the most files allowed.
/// Bytes in flight count while they are on disk, so concurrent uploads cannot together overrun the quota; when an
/// upload fails they are released, so a half-finished upload never counts afterwards. While an upload replaces a
/// file, both copies are on disk and both count. The folder's totals are re-read when each upload starts (a stat of
/// each entry, nothing is opened), so files put in or removed by hand count too; in between, publishes and deletes
/// adjust them. One lock, held also while the folder is measured and while a file is renamed into place or deleted,
/// so a measure never sees a file whose bytes are still counted in flight, or misses one already counted as
/// stored. Thread-safe.
/// </summary>
internal sealed class FolderUsage
{
    private readonly Lock _lock = new();
    private readonly long _quota;
    private readonly int _maxFiles;
    private long _storedBytes;
    private int _storedFiles;
    private long _bytesInFlight;
    private int _newNamesInFlight;

    public FolderUsage(long quota, int maxFiles)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quota);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFiles, 1);
        _quota = quota;
        _maxFiles = maxFiles;
    }

    public long Quota => _quota;

    public int MaxFiles => _maxFiles;

    /// <summary>
    /// Starts an upload, with the folder's totals read afresh by <paramref name="measure"/>. False, and nothing
    /// reserved, when it would add a name (<paramref name="newName"/>) to a folder that already holds, or is being
    /// given, the most files allowed.
    /// </summary>
    public bool TryBegin(Func<(long Bytes, int Files)> measure, bool newName)
    {
        lock (_lock)
        {
            (_storedBytes, _storedFiles) = measure();
            if (newName && _storedFiles + _newNamesInFlight >= _maxFiles)
            {
                return false;
            }

            _newNamesInFlight += newName ? 1 : 0;
            return true;
        }
    }

    /// <summary>Reserves <paramref name="bytes"/> about to be written; false, and nothing reserved, when they would overrun the quota.</summary>
    public bool TryReserve(long bytes)
    {
        lock (_lock)
        {
            if (_storedBytes + _bytesInFlight + bytes > _quota)
            {
                return false;
            }

            _bytesInFlight += bytes;
            return true;
        }
    }

    /// <summary>An upload that <see cref="TryBegin"/> started failed: its <paramref name="written"/> bytes are deleted.</summary>
    public void Abandon(long written, bool newName)
    {
        lock (_lock)
        {
            _bytesInFlight -= written;
            _newNamesInFlight -= newName ? 1 : 0;
        }
    }

    /// <summary>
    /// Publishes an upload of <paramref name="written"/> bytes: <paramref name="move"/> renames it into place and
    /// returns the size of the file it replaced, or null when it replaced none. When it throws, nothing changes.
    /// </summary>
    public void Publish(long written, bool newName, Func<long?> move)
    {
        lock (_lock)
        {
            var replacedBytes = move();
            _bytesInFlight -= written;
            _newNamesInFlight -= newName ? 1 : 0;
            _storedBytes += written - (replacedBytes ?? 0);
            _storedFiles += replacedBytes is null ? 1 : 0;
        }
    }

    /// <summary>Deletes a file: <paramref name="delete"/> removes it and returns its size. When it throws, nothing changes.</summary>
    public void Remove(Func<long> delete)
    {
        lock (_lock)
        {
            var bytes = delete();
            _storedBytes -= bytes;
            _storedFiles--;
        }
    }
}
