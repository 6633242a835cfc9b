using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.JsonRpc.Client;
using RpcLab.Transports.JsonRpc.Server;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// JSON-RPC 2.0 over TCP on StreamJsonRpc (<c>JsonRpc</c> with <c>SystemTextJsonFormatter</c>) at both ends, through
/// a spec-compliance message handler for what StreamJsonRpc lacks (Content-Length or newline framing of its own,
/// -32700/-32600 replies that keep the connection, batches, a message size limit). StreamJsonRpc's conventions for
/// cancellation (<c>$/cancelRequest</c>) and streams (<c>$/enumerator/next</c>, <c>$/enumerator/abort</c>). Methods
/// are the catalog's wire names (<c>echo.reverse</c>), plus the specification's example methods unless
/// <see cref="JsonRpcOptions.ServeSpecExamples"/> is off. Error codes: see <see cref="JsonRpcErrorCodes"/>.
/// Immutable and thread-safe.
/// </summary>
public sealed class JsonRpcTransport(JsonRpcOptions? options = null) : IRpcTransport
{
    public string Name => "jsonrpc";

    public int? DefaultPort => 4000;

    public bool HasWire => true;

    public JsonRpcOptions Options { get; } = options ?? JsonRpcOptions.Default;

    /// <summary>Every method a server of these options serves, one line each with its signature as it looks on the wire.</summary>
    public IEnumerable<string> ListMethods() => ServerMethods.Describe(Options.ServeSpecExamples);

    public Task<IRpcServer> StartServerAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        return Task.FromResult<IRpcServer>(JsonRpcServer.Start(services, options, Options));
    }

    public async Task<IRpcClient> ConnectAsync(ClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return await JsonRpcClient.ConnectAsync(options, Options, cancellationToken).ConfigureAwait(false);
    }
}
