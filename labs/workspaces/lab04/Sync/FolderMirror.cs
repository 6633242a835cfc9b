using System.Security.Cryptography;
using RpcLab.Transports.Grpc.Protos.Files;

namespace Lab4.Sync;

/// <summary>
/// One folder kept equal to the server's files, one cycle at a time: upload what is new or changed (and has stopped
/// changing), delete on the server what was deleted here, send nothing for a file the server already has.
/// </summary>
public sealed class FolderMirror(string folder, Files.FilesClient files)
{
    private readonly Settling _settling = new();

    // The names this client has seen on both sides: only these are deleted on the server once gone here, so a file
    // someone else put on the server is never deleted by a folder that never had it.
    private readonly HashSet<string> _synced = new(StringComparer.Ordinal);

    /// <summary>One cycle. Throws the RpcException of a call that failed (the server is gone); the next cycle carries on.</summary>
    public async Task<CycleReport> SyncOnceAsync(CancellationToken cancellationToken)
    {
        var report = new CycleReport();
        var local = new DirectoryInfo(folder).EnumerateFiles().Where(f => !f.Name.StartsWith('.')).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();

        // TODO 1: the cycle.
        //   a) var listed = await files.ListAsync(new Empty(), cancellationToken: cancellationToken); listed.Files holds
        //      each server file's Name and Sha256 (lowercase hex).
        //   b) for each local file: not _settling.IsSettled(file) -> report.Waiting; else compare Sha256Async(file)
        //      with the server's: equal -> report.Unchanged (and remember the name in _synced), different or missing ->
        //      Chunks.UploadAsync, report.Uploaded, _synced. A file the server already has is never sent again.
        //   c) each name in _synced that is gone from the folder: files.DeleteAsync(new FileName { Name = name }) if the
        //      server still has it, report.Deleted, and forget it.
        await Task.CompletedTask;
        _ = (files, _settling, _synced, local);
        throw new NotImplementedException("TODO 1 in Sync/FolderMirror.cs: list, compare hashes, upload, delete");
    }

    /// <summary>The SHA-256 of a file's content in lowercase hex, as files.list gives it.</summary>
    public static async Task<string> Sha256Async(FileInfo file, CancellationToken cancellationToken)
    {
        await using var input = file.OpenRead();
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(input, cancellationToken));
    }
}
