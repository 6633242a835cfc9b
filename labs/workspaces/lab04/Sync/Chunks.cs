using Google.Protobuf;
using RpcLab.Transports.Grpc.Protos.Files;

namespace Lab4.Sync;

/// <summary>Uploads a file through files.Upload, a client-streaming call.</summary>
public static class Chunks
{
    /// <summary>64 KiB: far below gRPC's 4 MiB message limit, large enough that the per-message cost is small.</summary>
    public const int Size = 64 * 1024;

    /// <summary>Uploads the file at <paramref name="path"/> as <paramref name="name"/>; returns what the server stored (its size and SHA-256).</summary>
    public static async Task<FileEntry> UploadAsync(Files.FilesClient files, string name, string path, CancellationToken cancellationToken)
    {
        using var call = files.Upload(cancellationToken: cancellationToken);

        // TODO 2: open the file (File.OpenRead) and read it Size bytes at a time. Write each piece to call.RequestStream
        // as an UploadChunk { Data = ByteString.CopyFrom(buffer, 0, read) }; the first chunk also carries Name = name,
        // and an empty file is one chunk with only the name. Then complete the request stream
        // (call.RequestStream.CompleteAsync()) and await call.ResponseAsync. The whole file in one message fails as
        // soon as it is over 4 MiB: the server answers RESOURCE_EXHAUSTED.
        await Task.CompletedTask;
        throw new NotImplementedException("TODO 2 in Sync/Chunks.cs: upload the file in chunks");
    }
}
