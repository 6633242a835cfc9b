using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;

namespace RpcLab.Services.Files;

/// <summary>
/// Files in one folder. An upload streams into a hidden temporary file in the same folder and is
/// renamed over the target only once the whole stream has arrived, so a failed, cancelled or
/// oversized upload never leaves a partial file, and concurrent uploads of one name never mix
/// (the last one to complete wins). Thread-safe: every call works on its own file handles.
/// </summary>
/// <remarks>
/// Built for a folder any client can write to and other local users may tamper with:
/// <list type="bullet">
/// <item>Limits (<see cref="ServiceOptions.MaxFileSize"/>, <see cref="ServiceOptions.FilesQuota"/>,
/// <see cref="ServiceOptions.MaxFiles"/>) are checked before each write, as ResourceExhausted naming the limit.</item>
/// <item>files.list reads no file it has seen before: hashes are kept with the file's stamp (<see cref="KnownHashes"/>),
/// so a list of many large files costs a stat per file, not a read of every byte.</item>
/// <item>Only regular files are listed, served, renamed or deleted; links, FIFOs, sockets and devices are never
/// followed or opened (<see cref="FolderEntries"/>), so a FIFO cannot hang a call and a link cannot lead a download out of
/// the folder. Names are plain (<see cref="FileNames"/>), so every path is the folder plus one name.</item>
/// <item>A failure of the file system reaches a client as a plain sentence (<see cref="FileErrors"/>), never with a
/// server path or an exception's type name.</item>
/// </list>
/// </remarks>
public sealed class FileService : IFileService
{
    /// <summary>The size of the chunks <see cref="DownloadAsync"/> yields (the last one may be shorter).</summary>
    public const int ChunkSize = 64 * 1024;

    private readonly string _folder;
    private readonly long _maxFileSize;
    private readonly FolderUsage _usage;
    private readonly KnownHashes _hashes = new();
    private readonly Func<Stream, CancellationToken, ValueTask<byte[]>> _sha256;

    // One file hashed at a time: a list that meets many unknown files (after a restart) uses one core, not all,
    // and concurrent lists wait for the hashes the first computes instead of computing them again.
    private readonly SemaphoreSlim _hashing = new(1, 1);

    /// <summary>
    /// Serves the files in <paramref name="folder"/> (created if missing) under the limits of
    /// <paramref name="options"/>. Temporary files left by a previous process that stopped mid-upload are
    /// removed, as no upload can still own them.
    /// </summary>
    public FileService(string folder, ServiceOptions options)
        : this(folder, options, SHA256.HashDataAsync)
    {
    }

    /// <summary>For tests: <paramref name="sha256"/> hashes the files a list has not seen (an upload hashes its bytes as they arrive).</summary>
    internal FileService(string folder, ServiceOptions options, Func<Stream, CancellationToken, ValueTask<byte[]>> sha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxFileSize);
        _folder = Path.GetFullPath(folder);
        _maxFileSize = options.MaxFileSize;
        _usage = new FolderUsage(options.FilesQuota, options.MaxFiles);
        _sha256 = sha256 ?? throw new ArgumentNullException(nameof(sha256));
        Directory.CreateDirectory(_folder);
        foreach (var leftover in Directory.EnumerateFiles(_folder, FileNames.TemporaryPrefix + "*"))
        {
            TryDelete(leftover);
        }
    }

    /// <summary>The folder the files are stored in.</summary>
    public string Folder => _folder;

    public async Task<FileEntry> UploadAsync(string name, IAsyncEnumerable<byte[]> chunks, CancellationToken cancellationToken = default)
    {
        FileNames.Validate(name);
        if (chunks is null)
        {
            throw RpcException.InvalidArgument("the upload has no content stream");
        }

        var (kind, _) = OnDisk(() => FolderEntries.Inspect(PathOf(name)), writes: true);
        if (kind == EntryKind.Folder)
        {
            // Only possible for a folder created by hand on the server; refused before reading the stream.
            throw new RpcException(RpcStatusCode.AlreadyExists, $"\"{name}\" is a folder on the server, not a file");
        }

        // A link, FIFO or socket of this name is replaced like a file (the rename replaces the entry, never what a
        // link points to), but only a regular file counts as one the folder already holds.
        var newName = kind != EntryKind.RegularFile;
        if (!OnDisk(() => _usage.TryBegin(MeasureFolder, newName), writes: true))
        {
            throw RpcException.ResourceExhausted($"the files folder holds the most files allowed ({_usage.MaxFiles}); delete one to upload another");
        }

        var temporary = Path.Combine(_folder, $"{FileNames.TemporaryPrefix}{Guid.NewGuid():N}.tmp");
        long written = 0;
        try
        {
            string sha256;
            await using (var output = OnDisk(() => new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true), writes: true))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    if (chunk is null)
                    {
                        throw RpcException.InvalidArgument("an upload chunk must not be null");
                    }

                    // Both limits are checked before writing, so an oversized upload stops at the first chunk that
                    // crosses one and the disk never holds more than the limits allow.
                    if (written + chunk.Length > _maxFileSize)
                    {
                        throw RpcException.ResourceExhausted($"\"{name}\" is larger than the limit of {_maxFileSize} bytes");
                    }

                    if (!_usage.TryReserve(chunk.Length))
                    {
                        throw RpcException.ResourceExhausted($"the files folder is full: \"{name}\" does not fit in its quota of {_usage.Quota} bytes");
                    }

                    written += chunk.Length;
                    hash.AppendData(chunk);
                    await WriteAsync(output, chunk, cancellationToken).ConfigureAwait(false);
                }

                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            return OnDisk(() => Publish(name, temporary, written, newName, sha256), writes: true);
        }
        catch
        {
            TryDelete(temporary);
            _usage.Abandon(written, newName);
            throw;
        }
    }

    public IAsyncEnumerable<byte[]> DownloadAsync(string name, CancellationToken cancellationToken = default)
    {
        FileNames.Validate(name);
        return Read(name, cancellationToken);
    }

    public Task<FileEntry> RenameAsync(string name, string newName, RequestId? requestId = null, CancellationToken cancellationToken = default)
    {
        FileNames.Validate(name);
        FileNames.Validate(newName);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(OnDisk(() => Rename(name, newName), writes: true));
    }

    public Task DeleteAsync(string name, RequestId? requestId = null, CancellationToken cancellationToken = default)
    {
        FileNames.Validate(name);
        cancellationToken.ThrowIfCancellationRequested();
        OnDisk(() => Delete(name), writes: true);
        return Task.CompletedTask;
    }

    public async Task<FileEntry[]> ListAsync(CancellationToken cancellationToken = default)
    {
        var found = OnDisk(RegularFiles, writes: false);
        _hashes.KeepOnly(found.Select(file => file.Name).ToHashSet(StringComparer.Ordinal));
        var entries = new List<FileEntry>();
        foreach (var (name, stamp) in found.Where(file => FileNames.IsValid(file.Name)).OrderBy(file => file.Name, StringComparer.Ordinal).Take(_usage.MaxFiles))
        {
            // Uploads in progress and names no client could give (put in the folder by hand) are left out above.
            cancellationToken.ThrowIfCancellationRequested();
            if (await DescribeAsync(name, stamp, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return [.. entries];
    }

    /// <summary>The entry of a regular file, hashing it only when its stamp is not known; null when it has gone since it was seen.</summary>
    private async Task<FileEntry?> DescribeAsync(string name, FileStamp stamp, CancellationToken cancellationToken)
    {
        if (_hashes.Find(name, stamp) is { } known)
        {
            return new FileEntry(name, stamp.Size, stamp.Modified, known);
        }

        await _hashing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_hashes.Find(name, stamp) is { } hashedMeanwhile)
            {
                return new FileEntry(name, stamp.Size, stamp.Modified, hashedMeanwhile);
            }

            var (input, opened) = OnDisk(() => Open(name), writes: false);
            if (input is null)
            {
                return null; // deleted, renamed or replaced by something that is not a file since the folder was read
            }

            await using (input.ConfigureAwait(false))
            {
                string sha256;
                try
                {
                    sha256 = Convert.ToHexStringLower(await _sha256(input, cancellationToken).ConfigureAwait(false));
                }
                catch (Exception e) when (FileErrors.IsFileSystemFailure(e))
                {
                    throw FileErrors.ToRpc(e, writes: false);
                }

                // The stamp of what was read, not of what the folder listed: if the file changed in between, the hash
                // belongs to the newer version, which is the one this entry now describes.
                _hashes.Remember(name, opened, sha256);
                return new FileEntry(name, opened.Size, opened.Modified, sha256);
            }
        }
        finally
        {
            _hashing.Release();
        }
    }

    private async IAsyncEnumerable<byte[]> Read(string name, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var input = OnDisk(() => Open(name), writes: false).Stream ?? throw NotFound(name);
        await using (input.ConfigureAwait(false))
        {
            var buffer = new byte[ChunkSize];
            while (true)
            {
                // Fill whole chunks: a short read from the OS must not turn into a short chunk mid-file.
                var filled = await ReadAsync(input, buffer, cancellationToken).ConfigureAwait(false);
                if (filled == 0)
                {
                    yield break;
                }

                yield return buffer.AsSpan(0, filled).ToArray();
                if (filled < ChunkSize)
                {
                    yield break;
                }
            }
        }
    }

    /// <summary>Renames the finished temporary file over the target and remembers its hash; the entry describes what this upload stored.</summary>
    private FileEntry Publish(string name, string temporary, long written, bool newName, string sha256)
    {
        // Read before the rename, which keeps size, time and inode: once renamed, a concurrent upload of the same
        // name may already have replaced it.
        var (_, stamp) = FolderEntries.Inspect(temporary);
        _usage.Publish(written, newName, () =>
        {
            var (replacedKind, replaced) = FolderEntries.Inspect(PathOf(name));
            File.Move(temporary, PathOf(name), overwrite: true);
            return replacedKind == EntryKind.RegularFile ? replaced.Size : null;
        });
        _hashes.Remember(name, stamp, sha256);
        return new FileEntry(name, stamp.Size, stamp.Modified, sha256);
    }

    private FileEntry Rename(string name, string newName)
    {
        var (kind, stamp) = FolderEntries.Inspect(PathOf(name));
        if (kind != EntryKind.RegularFile)
        {
            throw NotFound(name);
        }

        // Any entry of the new name, a link or FIFO included, is in the way: a rename never replaces anything.
        if (FolderEntries.Inspect(PathOf(newName)).Kind != EntryKind.Missing)
        {
            throw AlreadyExists(newName);
        }

        try
        {
            // Without overwrite the move fails rather than replace a target created since the check.
            File.Move(PathOf(name), PathOf(newName), overwrite: false);
        }
        catch (FileNotFoundException)
        {
            throw NotFound(name);
        }
        catch (IOException) when (FolderEntries.Inspect(PathOf(newName)).Kind != EntryKind.Missing)
        {
            throw AlreadyExists(newName);
        }

        _hashes.Move(name, newName);
        var sha256 = _hashes.Find(newName, stamp);
        return sha256 is null
            ? Describe(newName)
            : new FileEntry(newName, stamp.Size, stamp.Modified, sha256);
    }

    /// <summary>The entry of a renamed file whose hash was not known yet (it was never listed): read once here.</summary>
    private FileEntry Describe(string name)
    {
        var (opened, stamp) = Open(name);
        using var input = opened ?? throw NotFound(name);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(input));
        _hashes.Remember(name, stamp, sha256);
        return new FileEntry(name, stamp.Size, stamp.Modified, sha256);
    }

    private void Delete(string name)
    {
        _usage.Remove(() =>
        {
            var (kind, stamp) = FolderEntries.Inspect(PathOf(name));
            if (kind != EntryKind.RegularFile)
            {
                throw NotFound(name);
            }

            try
            {
                File.Delete(PathOf(name));
            }
            catch (FileNotFoundException)
            {
                throw NotFound(name);
            }

            return stamp.Size;
        });
        _hashes.Forget(name);
    }

    /// <summary>Every regular file in the folder but uploads in progress, with its stamp. A stat per entry; nothing is opened.</summary>
    private List<(string Name, FileStamp Stamp)> RegularFiles()
    {
        var files = new List<(string Name, FileStamp Stamp)>();
        foreach (var path in Directory.EnumerateFileSystemEntries(_folder))
        {
            var name = Path.GetFileName(path);
            if (FileNames.IsTemporary(name))
            {
                continue;
            }

            var (kind, stamp) = FolderEntries.Inspect(path);
            if (kind == EntryKind.RegularFile)
            {
                files.Add((name, stamp));
            }
        }

        return files;
    }

    /// <summary>The bytes and number of the regular files in the folder, for the quota.</summary>
    private (long Bytes, int Files) MeasureFolder()
    {
        var files = RegularFiles();
        return (files.Sum(file => file.Stamp.Size), files.Count);
    }

    private static async ValueTask WriteAsync(FileStream output, byte[] chunk, CancellationToken cancellationToken)
    {
        try
        {
            await output.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (FileErrors.IsFileSystemFailure(e))
        {
            throw FileErrors.ToRpc(e, writes: true);
        }
    }

    private static async ValueTask<int> ReadAsync(FileStream input, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await input.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (FileErrors.IsFileSystemFailure(e))
        {
            throw FileErrors.ToRpc(e, writes: false);
        }
    }

    /// <summary>Runs a step on the folder, turning a failure of the file system into the plain error a client may see.</summary>
    private static T OnDisk<T>(Func<T> step, bool writes)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (FileErrors.IsFileSystemFailure(e))
        {
            throw FileErrors.ToRpc(e, writes);
        }
    }

    private static void OnDisk(Action step, bool writes) => OnDisk(() =>
    {
        step();
        return true;
    }, writes);

    /// <summary>A read stream over the regular file <paramref name="name"/> and the stamp of what it opened; no stream when it is anything else.</summary>
    private (FileStream? Stream, FileStamp Stamp) Open(string name)
    {
        var stream = FolderEntries.OpenRegular(PathOf(name), ChunkSize, out var stamp);
        return (stream, stamp);
    }

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static RpcException NotFound(string name) => RpcException.NotFound($"no file named \"{name}\"");

    private static RpcException AlreadyExists(string name) => new(RpcStatusCode.AlreadyExists, $"\"{name}\" already exists");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary file is hidden from List and removed at the next start.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
