using RpcLab.Services.Contracts;

namespace RpcLab.Transports.Hosting;

/// <summary>
/// One way of carrying calls: it starts servers that expose a <see cref="ServiceSet"/> and connects
/// clients that hand back proxies of the same interfaces. Adding a transport means implementing this
/// and listing it in the composition root, labs/RpcLab.Composition/TransportRegistry.cs.
/// </summary>
public interface IRpcTransport
{
    /// <summary>The short name used on the command line and in test data, such as grpc, jsonrpc or inproc.</summary>
    string Name { get; }

    /// <summary>
    /// The port <c>serve</c> and <c>call</c> use when <c>--port</c> is not given: the well-known port of the
    /// protocol's own examples (gRPC 50051, zerorpc 4242), so two terminals agree without saying it.
    /// Null when the transport has none (it binds any free port, or has no wire at all).
    /// </summary>
    int? DefaultPort { get; }

    /// <summary>False when nothing crosses a process boundary (in-process): a server of it cannot be reached from another terminal.</summary>
    bool HasWire { get; }

    Task<IRpcServer> StartServerAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default);

    Task<IRpcClient> ConnectAsync(ClientOptions options, CancellationToken cancellationToken = default);
}
