namespace RpcLab.Services.Files;

/// <summary>
/// A file's size and last write time at one look. Two equal looks in a row, and no writer holding the file open,
/// is what <see cref="FolderWatch"/> takes as "finished writing": a file still growing or being touched differs.
/// </summary>
internal readonly record struct FileLook(long Size, DateTime ModifiedUtc)
{
    /// <summary>The file's look now, or null when it is gone (deleted or renamed since the folder was listed).</summary>
    public static FileLook? Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileLook(info.Length, info.LastWriteTimeUtc) : null;
    }
}
