using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;

namespace RpcLab.Tests.Grpc.Fakes;

/// <summary>Files kept in memory; downloads come back in chunks of <see cref="ChunkSize"/> bytes. Thread-safe.</summary>
internal sealed class FakeFileService : IFileService
{
    public const int ChunkSize = 4;

    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    /// <summary>How many chunks each upload received, by name (to check chunks are not merged).</summary>
    public ConcurrentDictionary<string, int> UploadChunkCounts { get; } = new(StringComparer.Ordinal);

    public async Task<FileEntry> UploadAsync(string name, IAsyncEnumerable<byte[]> chunks, CancellationToken cancellationToken = default)
    {
        using var content = new MemoryStream();
        var count = 0;
        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            content.Write(chunk);
            count++;
        }

        _files[name] = content.ToArray();
        UploadChunkCounts[name] = count;
        return Entry(name, _files[name]);
    }

    public async IAsyncEnumerable<byte[]> DownloadAsync(string name, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!_files.TryGetValue(name, out var content))
        {
            throw RpcException.NotFound($"file '{name}' not found");
        }

        for (var offset = 0; offset < content.Length; offset += ChunkSize)
        {
            await Task.Yield();
            yield return content.AsSpan(offset, Math.Min(ChunkSize, content.Length - offset)).ToArray();
        }
    }

    public Task<FileEntry> RenameAsync(string name, string newName, RequestId? requestId = null, CancellationToken cancellationToken = default)
    {
        if (!_files.TryRemove(name, out var content))
        {
            throw RpcException.NotFound($"file '{name}' not found");
        }

        _files[newName] = content;
        return Task.FromResult(Entry(newName, content));
    }

    public Task DeleteAsync(string name, RequestId? requestId = null, CancellationToken cancellationToken = default) =>
        _files.TryRemove(name, out _) ? Task.CompletedTask : throw RpcException.NotFound($"file '{name}' not found");

    public Task<FileEntry[]> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => Entry(f.Key, f.Value)).ToArray());

    private static FileEntry Entry(string name, byte[] content) =>
        new(name, content.Length, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), Convert.ToHexStringLower(SHA256.HashData(content)));
}
