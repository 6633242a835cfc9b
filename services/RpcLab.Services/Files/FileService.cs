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
public sealed class FileService : IFileService
{
    /// <summary>The size of the chunks <see cref="DownloadAsync"/> yields (the last one may be shorter).</summary>
    public const int ChunkSize = 64 * 1024;

    private readonly string _folder;
    private readonly long _maxFileSize;

    /// <summary>
    /// Serves the files in <paramref name="folder"/> (created if missing). Temporary files left by a
    /// previous process that stopped mid-upload are removed, as no upload can still own them.
    /// </summary>
    public FileService(string folder, long maxFileSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentOutOfRangeException.ThrowIfNegative(maxFileSize);
        _folder = Path.GetFullPath(folder);
        _maxFileSize = maxFileSize;
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

        if (Directory.Exists(PathOf(name)))
        {
            // Only possible for a folder created by hand on the server; refused before reading the stream.
            throw new RpcException(RpcStatusCode.AlreadyExists, $"\"{name}\" is a folder on the server, not a file");
        }

        var temporary = Path.Combine(_folder, $"{FileNames.TemporaryPrefix}{Guid.NewGuid():N}.tmp");
        try
        {
            string sha256;
            await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long size = 0;
                await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    if (chunk is null)
                    {
                        throw RpcException.InvalidArgument("an upload chunk must not be null");
                    }

                    // Checked before writing, so an oversized upload stops at the first chunk that crosses the limit.
                    size += chunk.Length;
                    if (size > _maxFileSize)
                    {
                        throw RpcException.ResourceExhausted($"\"{name}\" is larger than the limit of {_maxFileSize} bytes");
                    }

                    hash.AppendData(chunk);
                    await output.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                }

                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            // The entry describes what this upload stored, read before the rename: once renamed,
            // a concurrent upload of the same name may already have replaced it.
            var stored = new FileInfo(temporary);
            var entry = new FileEntry(name, stored.Length, new DateTimeOffset(stored.LastWriteTimeUtc, TimeSpan.Zero), sha256);
            File.Move(temporary, PathOf(name), overwrite: true);
            return entry;
        }
        catch
        {
            TryDelete(temporary);
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
        var source = PathOf(name);
        var target = PathOf(newName);
        if (!File.Exists(source))
        {
            throw NotFound(name);
        }

        if (File.Exists(target) || Directory.Exists(target))
        {
            throw new RpcException(RpcStatusCode.AlreadyExists, $"\"{newName}\" already exists");
        }

        try
        {
            // Without overwrite the move fails rather than replace a target created since the check.
            File.Move(source, target, overwrite: false);
        }
        catch (FileNotFoundException)
        {
            throw NotFound(name);
        }
        catch (IOException) when (File.Exists(target))
        {
            throw new RpcException(RpcStatusCode.AlreadyExists, $"\"{newName}\" already exists");
        }

        return Task.FromResult(Describe(newName));
    }

    public Task DeleteAsync(string name, RequestId? requestId = null, CancellationToken cancellationToken = default)
    {
        FileNames.Validate(name);
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            throw NotFound(name);
        }

        File.Delete(path);
        return Task.CompletedTask;
    }

    public Task<FileEntry[]> ListAsync(CancellationToken cancellationToken = default)
    {
        var entries = new List<FileEntry>();
        foreach (var path in Directory.EnumerateFiles(_folder))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileName(path);
            if (!FileNames.IsValid(name))
            {
                continue; // uploads in progress, and anything put in the folder by hand that no client could name
            }

            try
            {
                entries.Add(Describe(name));
            }
            catch (FileNotFoundException)
            {
                // Deleted or renamed between listing and hashing: it is simply not there any more.
            }
        }

        entries.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
        return Task.FromResult(entries.ToArray());
    }

    private async IAsyncEnumerable<byte[]> Read(string name, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var input = OpenRead(name);
        var buffer = new byte[ChunkSize];
        while (true)
        {
            // Fill whole chunks: a short read from the OS must not turn into a short chunk mid-file.
            var filled = await input.ReadAtLeastAsync(buffer, ChunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
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

    private FileStream OpenRead(string name)
    {
        try
        {
            return new FileStream(PathOf(name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, ChunkSize, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException && !File.Exists(PathOf(name)))
        {
            throw NotFound(name);
        }
    }

    private FileEntry Describe(string name)
    {
        using var input = new FileStream(PathOf(name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var info = new FileInfo(PathOf(name));
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(input));
        return new FileEntry(name, input.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero), sha256);
    }

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static RpcException NotFound(string name) => RpcException.NotFound($"no file named \"{name}\"");

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
