using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Client;
using RpcLab.Transports.Grpc.Server;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Grpc;

/// <summary>
/// gRPC on grpc-dotnet: a Grpc.AspNetCore server (<see cref="GrpcServer"/>) and a Grpc.Net.Client client
/// (<see cref="GrpcClient"/>), both on the code Grpc.Tools generates from protos/. Stateless and thread-safe.
/// </summary>
public sealed class GrpcTransport : IRpcTransport
{
    public string Name => "grpc";

    public int? DefaultPort => 50051;

    public bool HasWire => true;

    public async Task<IRpcServer> StartServerAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default) =>
        await GrpcServer.StartAsync(services, options, cancellationToken).ConfigureAwait(false);

    public Task<IRpcClient> ConnectAsync(ClientOptions options, CancellationToken cancellationToken = default) =>
        Task.FromResult<IRpcClient>(GrpcClient.Create(options));
}
