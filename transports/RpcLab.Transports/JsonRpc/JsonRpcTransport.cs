using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.JsonRpc;

/// <summary>
/// JSON-RPC 2.0 over TCP on System.Text.Json: the whole specification (positional and named params,
/// notifications, batches, the standard errors), StreamJsonRpc's conventions for cancellation
/// (<c>$/cancelRequest</c>) and streams (<c>$/enumerator/next</c>, <c>$/enumerator/dispose</c>), and
/// Content-Length or newline framing. Methods are the catalog's wire names (<c>echo.reverse</c>), plus the
/// specification's example methods unless <see cref="JsonRpcOptions.ServeSpecExamples"/> is off. Error codes:
/// see <see cref="JsonRpcErrorCodes"/>. Immutable and thread-safe.
/// </summary>
public sealed class JsonRpcTransport(JsonRpcOptions? options = null) : IRpcTransport
{
    public string Name => "jsonrpc";

    public int? DefaultPort => 4000;

    public bool HasWire => true;

    public JsonRpcOptions Options { get; } = options ?? JsonRpcOptions.Default;

    /// <summary>Every method a server of these options serves, one line each with its signature.</summary>
    public IEnumerable<string> ListMethods() =>
        Options.ServeSpecExamples ? ServiceMethodTable.Describe().Concat(SpecExampleMethods.Describe()) : ServiceMethodTable.Describe();

    public Task<IRpcServer> StartServerAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var methods = ServiceMethodTable.Create(services);
        if (Options.ServeSpecExamples)
        {
            foreach (var (name, handler) in SpecExampleMethods.Methods)
            {
                methods.Add(name, handler);
            }
        }

        return Task.FromResult<IRpcServer>(JsonRpcServer.Start(methods, options, Options));
    }

    public async Task<IRpcClient> ConnectAsync(ClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return await JsonRpcClient.ConnectAsync(options, Options, cancellationToken).ConfigureAwait(false);
    }
}
