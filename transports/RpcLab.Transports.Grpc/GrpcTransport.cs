using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Client;
using RpcLab.Transports.Grpc.Server;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Grpc;

/// <summary>
/// gRPC on grpc-dotnet: a Grpc.AspNetCore server (<see cref="GrpcServer"/>) and a Grpc.Net.Client client
/// (<see cref="GrpcClient"/>), both on the code Grpc.Tools generates from protos/. Immutable and thread-safe.
/// </summary>
/// <param name="restPort">When set, the server also serves REST (the rest transport) on this HTTP/1.1 port, from the same process.</param>
public sealed class GrpcTransport(int? restPort = null) : IRpcTransport
{
    /// <summary>The REST port a server of this transport also listens on, or null.</summary>
    public int? RestPort => restPort;

    public string Name => "grpc";

    public int? DefaultPort => 50051;

    public bool HasWire => true;

    public async Task<IRpcServer> StartServerAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default) =>
        await GrpcServer.StartAsync(services, options, cancellationToken, restPort).ConfigureAwait(false);

    public Task<IRpcClient> ConnectAsync(ClientOptions options, CancellationToken cancellationToken = default) =>
        Task.FromResult<IRpcClient>(GrpcClient.Create(options));
}
