namespace RpcLab.Services.Files;

/// <summary>
/// What tells one version of a stored file from another without reading it: its size, last write time and file
/// number (inode; 0 where .NET cannot see one). A rename keeps all three, a write changes the time, and a file put in
/// its place is another inode, so a hash remembered with a stamp is still the file's hash while the stamp matches.
/// Someone who rewrites a file by hand and then resets its time to the nanosecond could fool it; a client cannot,
/// since every upload is a new file.
/// </summary>
internal readonly record struct FileStamp(long Size, long ModifiedTicks, ulong Inode)
{
    /// <summary>The last write time, in UTC.</summary>
    public DateTimeOffset Modified => new(ModifiedTicks, TimeSpan.Zero);
}
