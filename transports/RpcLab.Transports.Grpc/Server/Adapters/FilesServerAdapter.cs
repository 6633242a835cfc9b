using System.Runtime.CompilerServices;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Methods;
using Proto = RpcLab.Transports.Grpc.Protos.Files;

namespace RpcLab.Transports.Grpc.Server.Adapters;

/// <summary>
/// Serves <see cref="IFileService"/> as <c>rpclab.files.Files</c>. An upload's first chunk names the file; the
/// service sees only the data, as a stream of byte arrays.
/// </summary>
internal static class FilesServerAdapter
{
    public static void Bind(GrpcServiceBinder binder, IFileService files)
    {
        binder.AddClientStreaming(FilesMethods.Upload, async (chunks, ct) =>
        {
            await using var enumerator = chunks.GetAsyncEnumerator(ct);
            if (!await enumerator.MoveNextAsync().ConfigureAwait(false) || enumerator.Current.Name.Length == 0)
            {
                throw RpcException.InvalidArgument("an upload must start with a chunk that names the file");
            }

            var name = enumerator.Current.Name;
            var entry = await files.UploadAsync(name, Data(enumerator, name, ct), ct).ConfigureAwait(false);
            return entry.ToProto();
        });
        binder.AddServerStreaming(FilesMethods.Download, (request, ct) =>
            files.DownloadAsync(request.Name, ct).Select(data => new Proto.Chunk { Data = ContractMapping.WrapUnsafe(data) }));
        binder.AddUnary(FilesMethods.Rename, async (request, ct) =>
            (await files.RenameAsync(request.Name, request.NewName, ct).ConfigureAwait(false)).ToProto());
        binder.AddUnary(FilesMethods.Delete, async (request, ct) =>
        {
            await files.DeleteAsync(request.Name, ct).ConfigureAwait(false);
            return new Proto.Empty();
        });
        binder.AddUnary(FilesMethods.List, async (_, ct) =>
        {
            var list = new Proto.FileList();
            list.Files.AddRange((await files.ListAsync(ct).ConfigureAwait(false)).Select(f => f.ToProto()));
            return list;
        });
    }

    /// <summary>The data of the first chunk (already read) and of every later one.</summary>
    private static async IAsyncEnumerable<byte[]> Data(IAsyncEnumerator<Proto.UploadChunk> chunks, string name, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var chunk = chunks.Current;
        while (true)
        {
            if (chunk.Name.Length > 0 && chunk.Name != name)
            {
                throw RpcException.InvalidArgument($"an upload names one file: chunk named '{chunk.Name}' inside the upload of '{name}'");
            }

            if (!chunk.Data.IsEmpty)
            {
                yield return chunk.Data.ToByteArray();
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (!await chunks.MoveNextAsync().ConfigureAwait(false))
            {
                yield break;
            }

            chunk = chunks.Current;
        }
    }
}
