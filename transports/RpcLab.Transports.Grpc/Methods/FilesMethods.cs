using RpcLab.Transports.Grpc.Protocol;
using RpcLab.Transports.Grpc.Protos.Files;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Grpc.Methods;

/// <summary>The methods of <c>rpclab.files.Files</c> (protos/rpclab/files.proto).</summary>
public static class FilesMethods
{
    public const string Service = "rpclab.files.Files";

    public static readonly GrpcMethod<UploadChunk, FileEntry> Upload = new(CallShape.ClientStreaming, Service, "Upload", UploadChunk.Parser, FileEntry.Parser);

    public static readonly GrpcMethod<FileName, Chunk> Download = new(CallShape.ServerStreaming, Service, "Download", FileName.Parser, Chunk.Parser);

    public static readonly GrpcMethod<RenameRequest, FileEntry> Rename = new(CallShape.Unary, Service, "Rename", RenameRequest.Parser, FileEntry.Parser);

    public static readonly GrpcMethod<FileName, Empty> Delete = new(CallShape.Unary, Service, "Delete", FileName.Parser, Empty.Parser);

    public static readonly GrpcMethod<Empty, FileList> List = new(CallShape.Unary, Service, "List", Empty.Parser, FileList.Parser);
}
