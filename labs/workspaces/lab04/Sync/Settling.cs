namespace Lab4.Sync;

/// <summary>
/// Tells a file that stopped changing from one still being written. A program writing a large file writes it a piece
/// at a time; uploading it then would publish a half-written file on the server (and a sync client must never do that).
/// </summary>
public sealed class Settling
{
    private readonly Dictionary<string, (long Size, DateTime Modified)> _previousLooks = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="file"/> has stopped changing, so its content may be uploaded.</summary>
    public bool IsSettled(FileInfo file)
    {
        // TODO 3: a file has stopped changing when its size and last write time (file.Length, file.LastWriteTimeUtc)
        // are the same as at the previous cycle's look. Remember this look in _previousLooks for the next cycle, and
        // answer false at the first look of a name (a new file may still be growing).
        throw new NotImplementedException("TODO 3 in Sync/Settling.cs: tell a settled file from one still being written");
    }
}
