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
        var look = (file.Length, file.LastWriteTimeUtc);
        var settled = _previousLooks.TryGetValue(file.Name, out var previous) && previous == look;
        _previousLooks[file.Name] = look;
        return settled;
    }
}
