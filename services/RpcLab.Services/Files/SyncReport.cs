namespace RpcLab.Services.Files;

/// <summary>
/// What one <see cref="FolderSync.SyncAsync"/> did, each list sorted by name: files uploaded because
/// the server did not have them (<see cref="Added"/>) or had different content (<see cref="Changed"/>),
/// server files removed because they are gone locally (<see cref="Deleted"/>), files already identical
/// (<see cref="Unchanged"/>), and local entries that were not mirrored (<see cref="Skipped"/>).
/// </summary>
public sealed record SyncReport(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> Deleted,
    IReadOnlyList<string> Unchanged,
    IReadOnlyList<SkippedFile> Skipped);
