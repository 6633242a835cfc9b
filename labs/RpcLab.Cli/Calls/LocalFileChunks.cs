using System.Runtime.CompilerServices;

namespace RpcLab.Cli.Calls;

/// <summary>
/// A local file as the chunks an upload streams (<see cref="ArgumentConverter.ChunkSize"/> each), for
/// <c>call files.upload</c> and the files menu, which also counts the bytes sent for its progress. Thread-safe.
/// </summary>
public static class LocalFileChunks
{
    /// <param name="path">The local file.</param>
    /// <param name="sent">Told the size of each chunk as the transport takes it (a progress bar's feed); may be null.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public static async IAsyncEnumerable<byte[]> ReadAsync(string path, Action<int>? sent, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int size = ArgumentConverter.ChunkSize;
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, size, useAsync: true);
        while (true)
        {
            var buffer = new byte[size];
            var read = await file.ReadAtLeastAsync(buffer, size, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                yield break;
            }

            // A fresh array per chunk: the transport may still hold the previous one while we read on.
            yield return read == size ? buffer : buffer[..read];
            sent?.Invoke(read);
            if (read < size)
            {
                yield break;
            }
        }
    }
}
