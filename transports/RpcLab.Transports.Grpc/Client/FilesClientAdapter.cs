using System.Runtime.CompilerServices;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Mapping;
using RpcLab.Transports.Hosting;
using Proto = RpcLab.Transports.Grpc.Protos.Files;

namespace RpcLab.Transports.Grpc.Client;

/// <summary>
/// <see cref="IFileService"/> over the generated <see cref="Proto.Files.FilesClient"/>; the first upload chunk carries
/// the name. Thread-safe.
/// </summary>
internal sealed class FilesClientAdapter(Proto.Files.FilesClient client, CallOptions options) : IFileService
{
    public async Task<FileEntry> UploadAsync(string name, IAsyncEnumerable<byte[]> chunks, CancellationToken cancellationToken = default) =>
        (await Calls.SendAllAsync(client.Upload(Calls.Options(options, cancellationToken)), Chunks(name, chunks, cancellationToken), c => c, cancellationToken).ConfigureAwait(false)).ToContract();

    public IAsyncEnumerable<byte[]> DownloadAsync(string name, CancellationToken cancellationToken = default) =>
        Calls.ReceiveAllAsync(() => client.Download(new Proto.FileName { Name = name }, Calls.Options(options, cancellationToken)), chunk => chunk.Data.ToByteArray(), cancellationToken);

    public async Task<FileEntry> RenameAsync(string name, string newName, RequestId? requestId = null, CancellationToken cancellationToken = default) =>
        (await client.RenameAsync(new Proto.RenameRequest { Name = name, NewName = newName, RequestClientId = requestId?.ClientId ?? string.Empty, RequestSequence = requestId?.Sequence ?? 0 }, Calls.Options(options, cancellationToken)).ConfigureAwait(false)).ToContract();

    public async Task DeleteAsync(string name, RequestId? requestId = null, CancellationToken cancellationToken = default) =>
        await client.DeleteAsync(new Proto.FileName { Name = name, RequestClientId = requestId?.ClientId ?? string.Empty, RequestSequence = requestId?.Sequence ?? 0 }, Calls.Options(options, cancellationToken)).ConfigureAwait(false);

    public async Task<FileEntry[]> ListAsync(CancellationToken cancellationToken = default) =>
        [.. (await client.ListAsync(new Proto.Empty(), Calls.Options(options, cancellationToken)).ConfigureAwait(false)).Files.Select(f => f.ToContract())];

    /// <summary>The name rides on the first chunk; an empty file is one chunk with the name and no data.</summary>
    private static async IAsyncEnumerable<Proto.UploadChunk> Chunks(string name, IAsyncEnumerable<byte[]> chunks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var first = true;
        await foreach (var data in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return new Proto.UploadChunk { Name = first ? name : string.Empty, Data = ContractMapping.WrapUnsafe(data) };
            first = false;
        }

        if (first)
        {
            yield return new Proto.UploadChunk { Name = name };
        }
    }
}
