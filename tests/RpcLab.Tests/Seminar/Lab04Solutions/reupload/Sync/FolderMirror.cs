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
        var settled = local.Where(file => _settling.IsSettled(file)).ToList();
        report.Waiting.AddRange(local.Except(settled).Select(f => f.Name));

        var listed = await files.ListAsync(new Empty(), cancellationToken: cancellationToken);
        var server = listed.Files.ToDictionary(f => f.Name, f => f.Sha256, StringComparer.Ordinal);
        foreach (var file in settled)
        {
            // The mistake of this variant: every file, every cycle, changed or not (no look at the server's hashes).
            await Chunks.UploadAsync(files, file.Name, file.FullName, cancellationToken);
            report.Uploaded.Add(file.Name);

            _synced.Add(file.Name);
        }

        var here = local.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in _synced.Where(name => !here.Contains(name)).Order(StringComparer.Ordinal).ToList())
        {
            if (server.ContainsKey(name))
            {
                await files.DeleteAsync(new FileName { Name = name }, cancellationToken: cancellationToken);
                report.Deleted.Add(name);
            }

            _synced.Remove(name);
        }

        return report;
    }

    /// <summary>The SHA-256 of a file's content in lowercase hex, as files.list gives it.</summary>
    public static async Task<string> Sha256Async(FileInfo file, CancellationToken cancellationToken)
    {
        await using var input = file.OpenRead();
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(input, cancellationToken));
    }
}
