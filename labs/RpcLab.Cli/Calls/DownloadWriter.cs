using System.Security.Cryptography;

namespace RpcLab.Cli.Calls;

/// <summary>
/// Receives a download: hashes it, and writes it to a local file when given one, beside the target as
/// <c>.part</c> and moved into place at the end, so a failed download leaves no half file. Shared by
/// <c>call files.download</c> and the files menu. Stateless and thread-safe.
/// </summary>
public static class DownloadWriter
{
    /// <param name="chunks">The download's stream.</param>
    /// <param name="outputPath">The local file to write, or null to count and hash only.</param>
    /// <param name="received">Told each chunk's size as it arrives (a progress bar's feed); may be null.</param>
    /// <param name="cancellationToken">Stops the download.</param>
    public static async Task<DownloadSummary> SaveAsync(IAsyncEnumerable<byte[]> chunks, string? outputPath, Action<int>? received, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        string? fullPath = outputPath is null ? null : Path.GetFullPath(outputPath);
        string? partPath = fullPath is null ? null : fullPath + ".part";
        var file = partPath is null ? null : new FileStream(partPath, FileMode.Create, FileAccess.Write, FileShare.None, ArgumentConverter.ChunkSize, useAsync: true);
        try
        {
            await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                hash.AppendData(chunk);
                size += chunk.Length;
                if (file is not null)
                {
                    await file.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                }

                received?.Invoke(chunk.Length);
            }

            if (file is not null)
            {
                await file.DisposeAsync().ConfigureAwait(false);
                file = null;
                File.Move(partPath!, fullPath!, overwrite: true);
            }
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync().ConfigureAwait(false);
                File.Delete(partPath!);
            }
        }

        return new DownloadSummary(size, Convert.ToHexStringLower(hash.GetHashAndReset()), fullPath);
    }
}
