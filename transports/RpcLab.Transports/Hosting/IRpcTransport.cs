using RpcLab.Services.Contracts;

namespace RpcLab.Transports.Hosting;

/// <summary>
/// One way of carrying calls: it starts servers that expose a <see cref="ServiceSet"/> and connects
/// clients that hand back proxies of the same interfaces. Adding a transport means implementing this
/// and listing it in the composition root, labs/RpcLab.Composition/TransportRegistry.cs.
/// </summary>
/// <remarks>
/// A transport describes itself (name, port, wire, command-line options, gaps), so no code outside its project names
/// it or tests for its type. What every transport must answer has no default; the optional parts (options of its own,
/// a wire listing) default to none. A transport that calls methods by names of its own protocol also implements
/// <see cref="INativeMethodCaller"/>. Implementations are immutable and thread-safe.
/// </remarks>
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

    /// <summary>
    /// What this transport cannot do natively, each with the reason: the conformance suite asserts the documented
    /// behaviour (a clear Unimplemented error, or a call that goes through) instead, so a gap is seen, never silently skipped.
    /// </summary>
    IReadOnlyList<TransportGap> Gaps { get; }

    /// <summary>The command-line options of this transport alone (JSON-RPC's <c>--framing</c>), as data; none by default.</summary>
    IReadOnlyList<TransportOption> CommandLineOptions => [];

    /// <summary>
    /// The values of <see cref="CommandLineOptions"/> this instance was configured with, those that differ from the
    /// default, by option name: what a command line needs to start a server that this client can talk to.
    /// </summary>
    IReadOnlyDictionary<string, string> CommandLineValues => System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    /// <summary>
    /// What <c>serve --list</c> shows under the method table for this transport (the methods as they look on its wire),
    /// or null when the table says it all.
    /// </summary>
    WireListing? WireListing => null;

    /// <summary>
    /// This transport with <paramref name="values"/> (option name to the word given) set; itself when there are none.
    /// Immutable: this instance stays as it was.
    /// </summary>
    /// <exception cref="ArgumentException">An option it does not declare, or a value it cannot take; the message says which.</exception>
    IRpcTransport Configure(IReadOnlyDictionary<string, string> values)
    {
        TransportOption.ThrowIfUndeclared(values, this);
        return this;
    }

    Task<IRpcServer> StartServerAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default);

    Task<IRpcClient> ConnectAsync(ClientOptions options, CancellationToken cancellationToken = default);
}
