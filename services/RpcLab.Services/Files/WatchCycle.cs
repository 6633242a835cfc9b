namespace RpcLab.Services.Files;

/// <summary>
/// What one cycle of <see cref="FolderWatch"/> did: files uploaded (new or changed), deleted on the server (deleted
/// locally after being synced), unchanged, and waiting (still being written: they are looked at again next cycle).
/// </summary>
public sealed record WatchCycle(
    IReadOnlyList<string> Uploaded,
    IReadOnlyList<string> Deleted,
    IReadOnlyList<string> Unchanged,
    IReadOnlyList<string> Waiting);
