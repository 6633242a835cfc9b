using System.Globalization;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Client;
using RpcLab.Transports.Grpc.Server;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Security;

namespace RpcLab.Transports.Grpc;

/// <summary>
/// gRPC on grpc-dotnet: a Grpc.AspNetCore server (<see cref="GrpcServer"/>) and a Grpc.Net.Client client
/// (<see cref="GrpcClient"/>), both on the code Grpc.Tools generates from protos/. Immutable and thread-safe.
/// </summary>
/// <param name="restPort">When set, the server also serves REST (the rest transport) on this HTTP/1.1 port, from the same process.</param>
/// <param name="tls">TLS for servers and clients of this instance (<c>--tls</c>), or null for cleartext HTTP/2.</param>
public sealed class GrpcTransport(int? restPort = null, TlsSettings? tls = null) : IRpcTransport, INativeMethodCaller
{
    /// <summary><c>--rest-port</c>: <see cref="RestPort"/> from the command line.</summary>
    private const string RestPortOption = "--rest-port";

    /// <summary>The REST port a server of this transport also listens on, or null.</summary>
    public int? RestPort => restPort;

    public string Name => "grpc";

    public int? DefaultPort => 50051;

    public bool HasWire => true;

    public IReadOnlyList<TransportGap> Gaps => [];

    public IReadOnlyList<TransportOption> CommandLineOptions { get; } =
    [
        new(RestPortOption, "also serve the services as REST (gRPC JSON transcoding, HTTP/1.1) on this port, from the same process.")
        {
            IsPort = true,
            ServerOnly = true,
        },
        .. TlsSettings.CommandLineOptions,
    ];

    /// <summary>The TLS settings of this instance, or null for cleartext.</summary>
    public TlsSettings? Tls => tls;

    public IReadOnlyDictionary<string, string> CommandLineValues
    {
        get
        {
            var values = new Dictionary<string, string>(tls?.ToValues() ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            if (restPort is { } port)
            {
                values[RestPortOption] = port.ToString(CultureInfo.InvariantCulture);
            }

            return values;
        }
    }

    public string NativeNameForm => GrpcNameCall.NameForm;

    public string NativeNameExample => GrpcNameCall.Example;

    /// <summary>This transport with <c>--rest-port</c> and the TLS options set as <paramref name="values"/> says.</summary>
    /// <exception cref="ArgumentException">Another option, a port that is not a whole number from 0 to 65535, or TLS options that do not fit together.</exception>
    public IRpcTransport Configure(IReadOnlyDictionary<string, string> values)
    {
        TransportOption.ThrowIfUndeclared(values, this);
        if (values.Count == 0)
        {
            return this;
        }

        int? port = !values.TryGetValue(RestPortOption, out var value) ? null
            : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed <= 65535 ? parsed
            : throw new ArgumentException($"{RestPortOption} must be between 0 and 65535, got '{value}'");
        return new GrpcTransport(port, TlsSettings.FromValues(values));
    }

    public bool IsNativeName(string name) => MethodsByName.IsGrpcName(name);

    public IAsyncEnumerable<string> CallByNativeNameAsync(ClientOptions options, string name, IReadOnlyList<string> requests, CancellationToken cancellationToken = default) =>
        GrpcNameCall.CallAsync(o => GrpcClient.Create(o, tls), options, name, requests, cancellationToken);

    public async Task<IRpcServer> StartServerAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default) =>
        await GrpcServer.StartAsync(services, options, cancellationToken, restPort, tls).ConfigureAwait(false);

    public Task<IRpcClient> ConnectAsync(ClientOptions options, CancellationToken cancellationToken = default) =>
        Task.FromResult<IRpcClient>(GrpcClient.Create(options, tls));
}
