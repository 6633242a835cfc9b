namespace RpcLab.Services.Contracts;

/// <summary>
/// Files in one server folder. Content travels as streams of chunks, never as one message.
/// Names are plain file names: no separators, no "..", not absolute, bounded length (InvalidArgument).
/// An upload is written to a temporary file and renamed into place only when complete.
/// Implementations are thread-safe.
/// </summary>
public interface IFileService
{
    /// <summary>Stores the chunks as <paramref name="name"/>, replacing an existing file. Over the size limit: ResourceExhausted.</summary>
    Task<FileEntry> UploadAsync(string name, IAsyncEnumerable<byte[]> chunks, CancellationToken cancellationToken = default);

    /// <summary>The file's content in chunks. Unknown name: NotFound.</summary>
    [Idempotent]
    IAsyncEnumerable<byte[]> DownloadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Not idempotent: a second run answers NotFound for the file the first renamed, hence the optional <see cref="RequestId"/>.</summary>
    Task<FileEntry> RenameAsync(string name, string newName, RequestId? requestId = null, CancellationToken cancellationToken = default);

    /// <summary>Not idempotent in its reply: a second run answers NotFound, hence the optional <see cref="RequestId"/>.</summary>
    Task DeleteAsync(string name, RequestId? requestId = null, CancellationToken cancellationToken = default);

    [Idempotent]
    Task<FileEntry[]> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>A stored file: its name, size in bytes, last write time (UTC) and SHA-256 (lowercase hex).</summary>
public sealed record FileEntry(string Name, long Size, DateTimeOffset Modified, string Sha256);
