using System.Runtime.CompilerServices;
using Grpc.Core;
using RpcLab.Services.Contracts;
using RpcException = RpcLab.Services.Errors.RpcException;
using RpcLab.Transports.Grpc.Mapping;
using Proto = RpcLab.Transports.Grpc.Protos.Files;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// Serves <see cref="IFileService"/> as <c>rpclab.files.Files</c>. An upload's first chunk names the file; the
/// service sees only the data, as a stream of byte arrays. Thread-safe.
/// </summary>
internal sealed class FilesAdapter(IFileService files) : Proto.Files.FilesBase
{
    public override async Task<Proto.FileEntry> Upload(IAsyncStreamReader<Proto.UploadChunk> requestStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        if (!await requestStream.MoveNext(ct).ConfigureAwait(false) || requestStream.Current.Name.Length == 0)
        {
            throw RpcException.InvalidArgument("an upload must start with a chunk that names the file");
        }

        var name = requestStream.Current.Name;
        return (await files.UploadAsync(name, Data(requestStream, name, ct), ct).ConfigureAwait(false)).ToProto();
    }

    public override Task Download(Proto.FileName request, IServerStreamWriter<Proto.Chunk> responseStream, ServerCallContext context) =>
        responseStream.WriteEachAsync(files.DownloadAsync(request.Name, context.CancellationToken), data => new Proto.Chunk { Data = ContractMapping.WrapUnsafe(data) }, context.CancellationToken);

    public override async Task<Proto.FileEntry> Rename(Proto.RenameRequest request, ServerCallContext context) =>
        (await files.RenameAsync(request.Name, request.NewName, ContractMapping.ToRequestId(request.RequestClientId, request.RequestSequence), context.CancellationToken).ConfigureAwait(false)).ToProto();

    public override async Task<Proto.Empty> Delete(Proto.FileName request, ServerCallContext context)
    {
        await files.DeleteAsync(request.Name, ContractMapping.ToRequestId(request.RequestClientId, request.RequestSequence), context.CancellationToken).ConfigureAwait(false);
        return new Proto.Empty();
    }

    public override async Task<Proto.FileList> List(Proto.Empty request, ServerCallContext context)
    {
        var list = new Proto.FileList();
        list.Files.AddRange((await files.ListAsync(context.CancellationToken).ConfigureAwait(false)).Select(f => f.ToProto()));
        return list;
    }

    /// <summary>The data of the first chunk (already read) and of every later one; a later chunk may repeat the name, not change it.</summary>
    private static async IAsyncEnumerable<byte[]> Data(IAsyncStreamReader<Proto.UploadChunk> chunks, string name, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        do
        {
            var chunk = chunks.Current;
            if (chunk.Name.Length > 0 && chunk.Name != name)
            {
                throw RpcException.InvalidArgument($"an upload names one file: chunk named '{chunk.Name}' inside the upload of '{name}'");
            }

            if (!chunk.Data.IsEmpty)
            {
                yield return chunk.Data.ToByteArray();
            }
        }
        while (await chunks.MoveNext(cancellationToken).ConfigureAwait(false));
    }
}
