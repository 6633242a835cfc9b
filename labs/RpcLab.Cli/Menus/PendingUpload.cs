using System.Security.Cryptography;
using RpcLab.Cli.Calls;
using RpcLab.Services.Contracts;

namespace RpcLab.Cli.Menus;

/// <summary>
/// An upload the files menu started in the background, kept under an id as the original RPyC client kept its
/// <c>rpyc.async_</c> results (it used "upload_" and a random number from 1 to 100, which could collide; this one has 48
/// random bits). <see cref="Sent"/> is updated from the upload's thread; the rest is immutable. Thread-safe.
/// </summary>
public sealed class PendingUpload
{
    private long _sent;

    private PendingUpload(string localPath, string name, long size)
    {
        Id = "upload-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        LocalPath = localPath;
        Name = name;
        Size = size;
    }

    public string Id { get; }

    public string LocalPath { get; }

    public string Name { get; }

    public long Size { get; }

    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>The upload itself: the stored file's entry, or the error it failed with.</summary>
    public Task<FileEntry> Upload { get; private set; } = Task.FromResult<FileEntry>(null!);

    /// <summary>Starts uploading <paramref name="localPath"/> as <paramref name="name"/>; it runs until done or <paramref name="cancellationToken"/> (the session's) fires.</summary>
    public static PendingUpload Start(IFileService files, string localPath, string name, CancellationToken cancellationToken)
    {
        var pending = new PendingUpload(localPath, name, new FileInfo(localPath).Length);
        pending.Upload = Task.Run(
            () => files.UploadAsync(name, LocalFileChunks.ReadAsync(localPath, n => Interlocked.Add(ref pending._sent, n), cancellationToken), cancellationToken),
            cancellationToken);
        return pending;
    }
}
