using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using RpcLab.Services.Contracts;

namespace RpcLab.Services.Files;

/// <summary>
/// The client side of folder sync: makes the server's files equal to the regular files at the top
/// of a local folder, through any <see cref="IFileService"/> (so through any transport). A file is
/// uploaded when the server lacks it or its SHA-256 differs, and a server file with no local
/// counterpart is deleted; identical files are not sent. Subfolders, links and files whose names the
/// server would refuse are skipped and reported, and a server file that shares its name with a
/// skipped entry is left alone rather than deleted. One sync at a time per instance is the intended
/// use; concurrent syncs of one folder race like any two writers would.
/// </summary>
public sealed class FolderSync
{
    private readonly IFileService _files;

    public FolderSync(IFileService files) => _files = files ?? throw new ArgumentNullException(nameof(files));

    public async Task<SyncReport> SyncAsync(string localFolder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(localFolder);
        if (!Directory.Exists(localFolder))
        {
            throw new DirectoryNotFoundException($"the folder to sync does not exist: {localFolder}");
        }

        var (local, skipped) = ScanLocal(localFolder);
        var remote = (await _files.ListAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(entry => entry.Name, StringComparer.Ordinal);

        List<string> added = [], changed = [], deleted = [], unchanged = [];
        foreach (var (name, path) in local)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (remote.TryGetValue(name, out var entry))
            {
                if (string.Equals(entry.Sha256, await HashAsync(path, cancellationToken).ConfigureAwait(false), StringComparison.OrdinalIgnoreCase))
                {
                    unchanged.Add(name);
                    continue;
                }

                await _files.UploadAsync(name, ReadChunks(path, cancellationToken), cancellationToken).ConfigureAwait(false);
                changed.Add(name);
            }
            else
            {
                await _files.UploadAsync(name, ReadChunks(path, cancellationToken), cancellationToken).ConfigureAwait(false);
                added.Add(name);
            }
        }

        var skippedNames = skipped.Select(entry => entry.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in remote.Keys.Order(StringComparer.Ordinal))
        {
            if (!local.ContainsKey(name) && !skippedNames.Contains(name))
            {
                await _files.DeleteAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
                deleted.Add(name);
            }
        }

        return new SyncReport(added, changed, deleted, unchanged, skipped);
    }

    internal static (SortedDictionary<string, string> Files, List<SkippedFile> Skipped) ScanLocal(string folder)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var skipped = new List<SkippedFile>();
        foreach (var info in new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(info => info.Name, StringComparer.Ordinal))
        {
            var reason = info switch
            {
                _ when info.LinkTarget is not null => "a link (only regular files are synced)",
                DirectoryInfo => "a folder (only top-level files are synced)",
                _ => FileNames.Problem(info.Name),
            };
            if (reason is null)
            {
                files.Add(info.Name, info.FullName);
            }
            else
            {
                skipped.Add(new SkippedFile(info.Name, reason));
            }
        }

        return (files, skipped);
    }

    internal static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var input = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(input, cancellationToken).ConfigureAwait(false));
    }

    internal static async IAsyncEnumerable<byte[]> ReadChunks(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileService.ChunkSize, useAsync: true);
        var buffer = new byte[FileService.ChunkSize];
        int filled;
        while ((filled = await input.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)) > 0)
        {
            yield return buffer.AsSpan(0, filled).ToArray();
        }
    }
}
