using RpcLab.Services.Contracts;

namespace RpcLab.Transports.Hosting;

/// <summary>
/// One way of carrying calls: it starts servers that expose a <see cref="ServiceSet"/> and connects
/// clients that hand back proxies of the same interfaces. Adding a transport means implementing this
/// and listing it in the composition root, labs/RpcLab.Labs/TransportRegistry.cs.
/// </summary>
public interface IRpcTransport
{
    /// <summary>The short name used on the command line and in test data, such as grpc, jsonrpc or inproc.</summary>
    string Name { get; }

    Task<IRpcServer> StartServerAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default);

    Task<IRpcClient> ConnectAsync(ClientOptions options, CancellationToken cancellationToken = default);
}
