using System.Collections.Concurrent;
using RpcLab.Services.Contracts;

namespace RpcLab.Seminar.Checks.SyncClient;

/// <summary>
/// The file service of the checker's server with every upload written down (its name, when it began and ended, whether
/// it stored the file), so a check can say which files a client sent and when, whatever the transport logs. The other
/// methods pass through. Thread-safe.
/// </summary>
public sealed class UploadRecorder(IFileService inner) : IFileService
{
    private readonly ConcurrentQueue<Upload> _uploads = new();

    /// <summary>The uploads that reached the service so far, finished or failed, in the order they ended.</summary>
    public IReadOnlyList<Upload> Uploads => [.. _uploads];

    public async Task<FileEntry> UploadAsync(string name, IAsyncEnumerable<byte[]> chunks, CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var stored = false;
        try
        {
            var entry = await inner.UploadAsync(name, chunks, cancellationToken).ConfigureAwait(false);
            stored = true;
            return entry;
        }
        finally
        {
            _uploads.Enqueue(new Upload(name, started, DateTimeOffset.UtcNow, stored));
        }
    }

    public IAsyncEnumerable<byte[]> DownloadAsync(string name, CancellationToken cancellationToken = default) => inner.DownloadAsync(name, cancellationToken);

    public Task<FileEntry> RenameAsync(string name, string newName, RequestId? requestId = null, CancellationToken cancellationToken = default) =>
        inner.RenameAsync(name, newName, requestId, cancellationToken);

    public Task DeleteAsync(string name, RequestId? requestId = null, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(name, requestId, cancellationToken);

    public Task<FileEntry[]> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

    /// <summary>One upload as the service saw it; <paramref name="Stored"/> is false when it failed or was cancelled.</summary>
    public sealed record Upload(string Name, DateTimeOffset Started, DateTimeOffset Ended, bool Stored);
}
