using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Client;
using RpcLab.Transports.Grpc.Server;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Security;

namespace RpcLab.Transports.Grpc;

/// <summary>
/// REST: the gRPC services as resource URLs with JSON bodies over HTTP/1.1, by ASP.NET Core's gRPC JSON transcoding of
/// the google.api.http rules in protos/rpclab (<see cref="GrpcServer.StartRestAsync"/>), and a client of the C#
/// contracts driven by the same rules (<see cref="Rest.RestCallInvoker"/>). Unary and server-streaming methods only:
/// transcoding maps no client-streaming or bidirectional method, so those fail with Unimplemented. Stateless and
/// thread-safe.
/// </summary>
/// <param name="tls">TLS for servers and clients of this instance (<c>--tls</c>: HTTPS), or null for plain HTTP.</param>
public sealed class RestTransport(TlsSettings? tls = null) : IRpcTransport, INativeMethodCaller
{
    private const string TranscodingMapsNeither = "gRPC JSON transcoding maps only unary and server-streaming methods to REST: Unimplemented";

    public string Name => "rest";

    public int? DefaultPort => 8080;

    public bool HasWire => true;

    public IReadOnlyList<TransportGap> Gaps { get; } =
    [
        new(TransportCapability.ClientStreaming, TranscodingMapsNeither),
        new(TransportCapability.DuplexStreaming, TranscodingMapsNeither),
    ];

    public IReadOnlyList<TransportOption> CommandLineOptions => TlsSettings.CommandLineOptions;

    public IReadOnlyDictionary<string, string> CommandLineValues =>
        tls?.ToValues() ?? System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    /// <summary>This transport with the TLS options <paramref name="values"/> give.</summary>
    /// <exception cref="ArgumentException">Another option, or TLS options that do not fit together.</exception>
    public IRpcTransport Configure(IReadOnlyDictionary<string, string> values)
    {
        TransportOption.ThrowIfUndeclared(values, this);
        return values.Count == 0 ? this : new RestTransport(TlsSettings.FromValues(values));
    }

    public string NativeNameForm => GrpcNameCall.NameForm;

    public string NativeNameExample => GrpcNameCall.Example;

    /// <summary>True for a gRPC name: the REST client is the gRPC client's, on an invoker driven by the google.api.http rules.</summary>
    public bool IsNativeName(string name) => MethodsByName.IsGrpcName(name);

    public IAsyncEnumerable<string> CallByNativeNameAsync(ClientOptions options, string name, IReadOnlyList<string> requests, CancellationToken cancellationToken = default) =>
        GrpcNameCall.CallAsync(o => GrpcClient.CreateRest(o, tls), options, name, requests, cancellationToken);

    public async Task<IRpcServer> StartServerAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default) =>
        await GrpcServer.StartRestAsync(services, options, cancellationToken, tls).ConfigureAwait(false);

    public Task<IRpcClient> ConnectAsync(ClientOptions options, CancellationToken cancellationToken = default) =>
        Task.FromResult<IRpcClient>(GrpcClient.CreateRest(options, tls));
}
