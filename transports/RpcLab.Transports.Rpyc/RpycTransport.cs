using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Rpyc.Client;
using RpcLab.Transports.Rpyc.Objects;
using RpcLab.Transports.Rpyc.Server;

namespace RpcLab.Transports.Rpyc;

/// <summary>
/// RPyC: rpyc's frames (length, compressed flag, zlib over 3,000 bytes), brine values and remote references,
/// wire-compatible with rpyc 5.x (and, on the server, 6.x's message layout, told apart by a payload's first byte).
/// The services are attributes of the root: <c>conn.root.echo.reverse("hello")</c>, <c>conn.root.users.get("1")["name"]</c>;
/// lists and records go to Python as list and dict references, server streams as generators, and a request stream is
/// any iterable the caller passes, which the server pulls with <c>__next__</c>. Errors are builtins exceptions
/// (<c>LookupError</c> for NotFound, <c>ValueError</c> for InvalidArgument, ...) with the status in
/// <c>rpclab_status</c>. RpcLab's extensions, unknown to rpyc and harmless to it: RPCLAB_VALUES (results by value,
/// for our client) and RPCLAB_CANCEL (cancellation and deadlines reach the handler). With <see cref="RpycOptions.Original"/>
/// the server is instead one of the original course project's services, on its own port. Immutable and thread-safe.
/// </summary>
public sealed class RpycTransport(RpycOptions? options = null) : IRpcTransport
{
    public const string TransportName = "rpyc";

    /// <summary>18812, rpyc's own default port (rpyc_classic, ThreadedServer examples).</summary>
    public const int RpycPort = 18812;

    public RpycOptions Options { get; } = options ?? RpycOptions.Default;

    public string Name => TransportName;

    /// <summary>rpyc's 18812, or the original project's port when serving its contract.</summary>
    public int? DefaultPort => Options.Original is { } original ? OriginalContracts.Get(original).Port : RpycPort;

    public bool HasWire => true;

    private const string OriginalOption = "--original";

    /// <summary>
    /// Every call shape is carried (streams in both directions: rpyc is symmetric). What is missing is the servers'
    /// message and idle timeouts: the connection limits apply, but rpyc's frame reader does not yet tell the
    /// connection clock where a message starts and ends.
    /// </summary>
    public IReadOnlyList<TransportGap> Gaps { get; } =
    [
        new(
            TransportCapability.ConnectionTimeouts,
            "not wired yet: the rpyc server's frame reader does not report message boundaries to the connection clock, so a peer "
            + "that trickles a frame or sits idle is not closed; it holds one place under the connection limit and its frame at "
            + "most the size limit."),
    ];

    /// <summary>
    /// <c>--original files1|files2|compute</c> (serve only): the original RPyC project's services in place of RpcLab's,
    /// on the original's port unless <c>--port</c> says otherwise (<see cref="OriginalContracts"/>).
    /// </summary>
    public IReadOnlyList<TransportOption> CommandLineOptions { get; } =
    [
        new(OriginalOption, "serve an original RPyC course project's contract in place of RpcLab's services, on its original port unless --port says otherwise: " +
            string.Join("; ", OriginalContracts.All.Select(c => $"{c.Name}: {c.Description} (port {c.Port})")) + ".")
        {
            Values = [.. OriginalContracts.All.Select(c => c.Name)],
            ServerOnly = true,
        },
    ];

    /// <summary><c>--original NAME</c> when this transport serves an original contract.</summary>
    public IReadOnlyDictionary<string, string> CommandLineValues =>
        Options.Original is { } original
            ? new Dictionary<string, string> { [OriginalOption] = original }
            : System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    /// <summary>This transport serving the original contract <c>--original</c> names, or itself.</summary>
    /// <exception cref="ArgumentException">Another option, or a contract it does not serve.</exception>
    public IRpcTransport Configure(IReadOnlyDictionary<string, string> values)
    {
        TransportOption.ThrowIfUndeclared(values, this);
        if (!values.TryGetValue(OriginalOption, out var name))
        {
            return this;
        }

        var contract = OriginalContracts.All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"rpyc serves no original contract '{name}'; it serves {string.Join(", ", OriginalContracts.All.Select(c => c.Name))}");
        return new RpycTransport(Options with { Original = contract.Name });
    }

    public Task<IRpcServer> StartServerAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var context = new ServerContext(services, RpycServer.CallLog(options));
        Func<ServerContext, LocalObject> root = Options.Original is { } original
            ? OriginalContracts.Get(original).CreateRoot
            : c => new ServiceRoot(c);
        return Task.FromResult<IRpcServer>(RpycServer.Start(context, root, options, Options));
    }

    public Task<IRpcClient> ConnectAsync(ClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Task.FromResult<IRpcClient>(new RpycClient(options, Options));
    }
}
