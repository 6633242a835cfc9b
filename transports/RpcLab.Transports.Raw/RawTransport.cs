using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.Raw.Binding;
using RpcLab.Transports.Raw.Client;
using RpcLab.Transports.Raw.Server;

namespace RpcLab.Transports.Raw;

/// <summary>
/// The raw-socket toolkit as a transport of the lab: our own length-prefixed JSON messages on plain TCP
/// (see the project's README for the bytes), serving the five services as <c>service.rpc</c> procedures with
/// checked types, streams with credit-based flow control, deadlines, cancellation and the size limit. One
/// multiplexed connection per client. Immutable and thread-safe.
/// </summary>
public sealed class RawTransport(RawOptions? options = null) : IRpcTransport
{
    public const string TransportName = "raw";

    public string Name => TransportName;

    public int? DefaultPort => 9000;

    public bool HasWire => true;

    public IReadOnlyList<TransportGap> Gaps => [];

    public RawOptions Options { get; } = options ?? RawOptions.Default;

    /// <summary>The five services as a table of raw procedures (what a raw server of them serves).</summary>
    public static ProcedureDirectory ServiceDirectory(ServiceSet services)
    {
        var procedures = ServiceProcedure.For(services).ToArray();
        return new ProcedureDirectory(ServiceCatalog.ServiceNames.Select(name =>
            new ServiceEntry(name, Tenants: null, procedures.Where(p => p.Service == name).ToArray())));
    }

    public Task<IRpcServer> StartServerAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        return Task.FromResult<IRpcServer>(RawServer.Start(ServiceDirectory(services), options, Options));
    }

    public async Task<IRpcClient> ConnectAsync(ClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return await RawClient.ConnectAsync(options, Options, cancellationToken).ConfigureAwait(false);
    }
}
