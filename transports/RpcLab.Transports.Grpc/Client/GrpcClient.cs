using System.Net;
using System.Net.Sockets;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Client.Adapters;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Grpc.Client;

/// <summary>
/// A gRPC client over HttpClient: HTTP/2 with prior knowledge (cleartext), several connections when one
/// connection's stream limit is reached. Connects lazily, on the first call, like a gRPC channel.
/// Thread-safe: calls may be made concurrently.
/// </summary>
public sealed class GrpcClient : IRpcClient
{
    private readonly HttpClient _http;

    private GrpcClient(HttpClient http, GrpcCallInvoker invoker, CallOptions defaults)
    {
        _http = http;
        Invoker = invoker;
        Services = CreateServices(defaults);
    }

    public string Transport => "grpc";

    public ServiceSet Services { get; }

    /// <summary>Raw calls by method descriptor, e.g. the original course projects' contracts.</summary>
    public GrpcCallInvoker Invoker { get; }

    public static GrpcClient Create(ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            // Kestrel allows 100 concurrent streams per connection; beyond that, open another connection
            // instead of queueing calls.
            EnableMultipleHttp2Connections = true,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        var http = new HttpClient(handler)
        {
            // Deadlines are per call (CallOptions); HttpClient's own 100 s limit would cut long streams.
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var host = IPAddress.TryParse(options.Host, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{options.Host}]"
            : options.Host;
        var invoker = new GrpcCallInvoker(http, $"http://{host}:{options.Port}", options.MaxMessageSize);
        return new GrpcClient(http, invoker, options.DefaultCall);
    }

    public ServiceSet With(CallOptions options) => CreateServices(options);

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private ServiceSet CreateServices(CallOptions options) => new(
        new SumClientAdapter(Invoker, options),
        new UsersClientAdapter(Invoker, options),
        new FilesClientAdapter(Invoker, options),
        new ComputeClientAdapter(Invoker, options),
        new EchoClientAdapter(Invoker, options));
}
