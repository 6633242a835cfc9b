using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Client;
using RpcLab.Transports.Grpc.Server;

namespace RpcLab.Transports.Grpc;

/// <summary>
/// The gRPC project's one list of services: each adapter derived from a generated base, and for our contracts the
/// client adapter over the generated client. The server registers, maps and reports health from it; the client builds
/// its <see cref="ServiceSet"/> from it. Thread-safe.
/// </summary>
/// <remarks>
/// A list has to remain here, beside <see cref="ServiceSet"/>'s: grpc-dotnet generates a base class and a client
/// class per service, and which hand-written adapter maps which contract onto them (and which .proto message carries
/// which argument) is knowledge no reflection over the contracts has. It is the only one in the project: a service
/// added to the set is one line here, and <see cref="Client.GrpcClient"/> fails at once if it is missing.
/// </remarks>
internal static class GrpcServices
{
    /// <summary>Ours in <see cref="ServiceSet"/>'s order, then the original course projects' contracts (served, never wrapped as a contract).</summary>
    public static IReadOnlyList<GrpcServiceBinding> All { get; } =
    [
        GrpcServiceBinding.Serve(s => new SumAdapter(s.Sum))
            .WithClient<IParallelSumService>((invoker, options, protobufWire) => new SumClientAdapter(invoker, options, protobufWire)),
        GrpcServiceBinding.Serve(s => new UsersAdapter(s.Users))
            .WithClient<IUserService>((invoker, options, _) => new UsersClientAdapter(new Protos.Users.Users.UsersClient(invoker), options)),
        GrpcServiceBinding.Serve(s => new FilesAdapter(s.Files))
            .WithClient<IFileService>((invoker, options, _) => new FilesClientAdapter(new Protos.Files.Files.FilesClient(invoker), options)),
        GrpcServiceBinding.Serve(s => new ComputeAdapter(s.Compute))
            .WithClient<IComputeService>((invoker, options, _) => new ComputeClientAdapter(new Protos.Compute.Compute.ComputeClient(invoker), options)),
        GrpcServiceBinding.Serve(s => new EchoAdapter(s.Echo))
            .WithClient<IEchoService>((invoker, options, _) => new EchoClientAdapter(new Protos.Echo.Echo.EchoClient(invoker), options)),
        GrpcServiceBinding.Serve(s => new OriginalParallelSumAdapter(s.Sum)),
        GrpcServiceBinding.Serve(s => new OriginalUserServiceAdapter(s.OriginalUsers ?? s.Users)),
    ];
}
