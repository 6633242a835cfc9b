using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Grpc;

/// <summary>gRPC over HTTP/2 cleartext. SKELETON: the gRPC issue fills this in.</summary>
public sealed class GrpcTransport : IRpcTransport
{
    public string Name => "grpc";

    public Task<IRpcServer> StartServerAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<IRpcClient> ConnectAsync(ClientOptions options, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
