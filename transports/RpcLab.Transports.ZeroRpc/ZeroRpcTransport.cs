using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.ZeroRpc.Client;
using RpcLab.Transports.ZeroRpc.Server;

namespace RpcLab.Transports.ZeroRpc;

/// <summary>
/// zeroRPC: msgpack events <c>[header, name, args]</c> over ZeroMQ ROUTER/DEALER sockets (NetMQ), wire-compatible
/// with zerorpc-python (protocol v3): OK/ERR replies, STREAM/STREAM_DONE server streams with <c>_zpc_more</c>
/// credit, <c>_zpc_hb</c> heartbeats per channel, the <c>_zerorpc_*</c> introspection methods. Methods are the
/// catalog's wire names (<c>echo.reverse</c>); statuses travel as ERR names (<c>NotFound</c>, <c>NameError</c> for
/// an unknown method). RpcLab's extensions: <c>_zpc_cancel</c> (cancellation and deadlines reach the handler at once)
/// and request streams (client streaming and bidirectional calls) on the same channel. Immutable and thread-safe.
/// </summary>
public sealed class ZeroRpcTransport(ZeroRpcOptions? options = null) : IRpcTransport
{
    public string Name => "zerorpc";

    /// <summary>4242, the port of zerorpc's own examples.</summary>
    public int? DefaultPort => 4242;

    public bool HasWire => true;

    public IReadOnlyList<TransportGap> Gaps { get; } =
    [
        new(
            TransportCapability.ConnectionTimeouts,
            "NetMQ reads its connections itself and shows neither a connection's bytes nor which connection an identity came "
            + "through, so a peer that trickles a message or sits idle is not closed: it holds one place under the connection "
            + "limit, its message at most the size limit, and a channel whose client stops heartbeating ends after two intervals."),
    ];

    public ZeroRpcOptions Options { get; } = options ?? ZeroRpcOptions.Default;

    public Task<IRpcServer> StartServerAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        return Task.FromResult<IRpcServer>(ZeroRpcServer.Start(services, options, Options));
    }

    public Task<IRpcClient> ConnectAsync(ClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Task.FromResult<IRpcClient>(ZeroRpcClient.Connect(options, Options));
    }
}
