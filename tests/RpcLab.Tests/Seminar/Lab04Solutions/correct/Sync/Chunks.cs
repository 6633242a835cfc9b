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
        await using (var input = File.OpenRead(path))
        {
            var buffer = new byte[Size];
            var first = true;
            int read;
            while ((read = await input.ReadAtLeastAsync(buffer, Size, throwOnEndOfStream: false, cancellationToken)) > 0 || first)
            {
                // WriteAsync waits while HTTP/2's flow-control window is full: the server's pace, not a memory of the whole file.
                await call.RequestStream.WriteAsync(new UploadChunk { Name = first ? name : "", Data = ByteString.CopyFrom(buffer, 0, read) }, cancellationToken);
                first = false;
            }
        }

        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }
}
