using System.Runtime.CompilerServices;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Methods;
using RpcLab.Transports.Hosting;
using Proto = RpcLab.Transports.Grpc.Protos.Files;

namespace RpcLab.Transports.Grpc.Client.Adapters;

/// <summary><see cref="IFileService"/> over <c>rpclab.files.Files</c>; the first upload chunk carries the name. Thread-safe.</summary>
internal sealed class FilesClientAdapter(GrpcCallInvoker invoker, CallOptions options) : IFileService
{
    public async Task<FileEntry> UploadAsync(string name, IAsyncEnumerable<byte[]> chunks, CancellationToken cancellationToken = default) =>
        (await invoker.ClientStreamingAsync(FilesMethods.Upload, Chunks(name, chunks, cancellationToken), options, cancellationToken).ConfigureAwait(false)).ToContract();

    public IAsyncEnumerable<byte[]> DownloadAsync(string name, CancellationToken cancellationToken = default) =>
        invoker.ServerStreamingAsync(FilesMethods.Download, new Proto.FileName { Name = name }, options, cancellationToken)
            .Select(chunk => chunk.Data.ToByteArray());

    public async Task<FileEntry> RenameAsync(string name, string newName, CancellationToken cancellationToken = default) =>
        (await invoker.UnaryAsync(FilesMethods.Rename, new Proto.RenameRequest { Name = name, NewName = newName }, options, cancellationToken).ConfigureAwait(false)).ToContract();

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        invoker.UnaryAsync(FilesMethods.Delete, new Proto.FileName { Name = name }, options, cancellationToken);

    public async Task<FileEntry[]> ListAsync(CancellationToken cancellationToken = default) =>
        [.. (await invoker.UnaryAsync(FilesMethods.List, new Proto.Empty(), options, cancellationToken).ConfigureAwait(false)).Files.Select(f => f.ToContract())];

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
