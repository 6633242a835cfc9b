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
    /// <summary><c>--framing</c>: how messages are delimited (<see cref="JsonRpcOptions.Framing"/>); the words are <see cref="FramingWords"/>.</summary>
    private const string FramingOption = "--framing";

    /// <summary>The words <c>--framing</c> takes, one per <see cref="JsonRpcFraming"/>: vscode-jsonrpc's default first.</summary>
    private static readonly IReadOnlyList<(string Word, JsonRpcFraming Framing)> FramingWords =
    [
        ("content-length", JsonRpcFraming.ContentLength),
        ("newline", JsonRpcFraming.Newline),
    ];

    public string Name => "jsonrpc";

    public int? DefaultPort => 4000;

    public bool HasWire => true;

    public JsonRpcOptions Options { get; } = options ?? JsonRpcOptions.Default;

    public IReadOnlyList<TransportGap> Gaps => [];

    public IReadOnlyList<TransportOption> CommandLineOptions { get; } =
    [
        new(FramingOption, "content-length (the default, as vscode-jsonrpc and StreamJsonRpc frame) or newline (one message per line, for nc).")
        {
            Values = [.. FramingWords.Select(f => f.Word)],
        },
    ];

    /// <summary><c>--framing newline</c> when this transport frames by lines: a server must frame the same way.</summary>
    public IReadOnlyDictionary<string, string> CommandLineValues =>
        Options.Framing == JsonRpcOptions.Default.Framing
            ? System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty
            : (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { [FramingOption] = FramingWords.First(f => f.Framing == Options.Framing).Word };

    /// <summary>Every method a server of these options serves, one line each with its signature as it looks on the wire.</summary>
    public WireListing WireListing => new(
        "On the JSON-RPC wire (params by position or by name; streams are enumerator tokens):",
        [.. ServerMethods.Describe(Options.ServeSpecExamples)]);

    /// <summary>This transport with <c>--framing</c> set as <paramref name="values"/> says.</summary>
    /// <exception cref="ArgumentException">Another option, or a framing that is not content-length or newline.</exception>
    public IRpcTransport Configure(IReadOnlyDictionary<string, string> values)
    {
        TransportOption.ThrowIfUndeclared(values, this);
        if (!values.TryGetValue(FramingOption, out var value))
        {
            return this;
        }

        var framing = FramingWords.FirstOrDefault(f => string.Equals(f.Word, value, StringComparison.OrdinalIgnoreCase));
        if (framing.Word is null)
        {
            throw new ArgumentException($"unknown framing '{value}'; use {string.Join(" or ", FramingWords.Select(f => f.Word))}");
        }

        return framing.Framing == Options.Framing ? this : new JsonRpcTransport(Options with { Framing = framing.Framing });
    }

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
