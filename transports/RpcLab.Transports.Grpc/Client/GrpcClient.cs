using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.Security;
using OurCallOptions = RpcLab.Transports.Hosting.CallOptions;

namespace RpcLab.Transports.Grpc.Client;

/// <summary>
/// A Grpc.Net.Client channel (HTTP/2 cleartext, connecting on the first call, more connections when one connection's
/// stream limit is reached) with the generated clients wrapped as the C# contracts. <see cref="CallInvoker"/> carries
/// the one error mapping, so any generated client built on it (the original course projects' too) throws our
/// RpcException. Thread-safe: calls may be made concurrently.
/// </summary>
public sealed class GrpcClient : IRpcClient
{
    /// <summary>The client adapter of each contract, from the gRPC project's one list of services.</summary>
    private static readonly Dictionary<Type, Func<CallInvoker, OurCallOptions, bool, object>> ClientAdapters = GrpcServices.All
        .Where(s => s.Contract is not null)
        .ToDictionary(s => s.Contract!, s => s.Client!);

    private readonly IDisposable _connection;
    private readonly RequestIds? _requestIds;

    private GrpcClient(string transport, CallInvoker invoker, IDisposable connection, ClientOptions options)
    {
        Transport = transport;
        _connection = connection;
        _requestIds = RequestIds.For(options);
        CallInvoker = invoker.Intercept(new ErrorInterceptor());
        Services = CreateServices(options.DefaultCall);
    }

    /// <summary>grpc, or rest for the same generated clients over HTTP/1.1 + JSON (<see cref="CreateRest"/>).</summary>
    public string Transport { get; }

    public ServiceSet Services { get; }

    /// <summary>The channel's invoker with the error mapping: build any generated client on it, e.g. <c>new ParallelSum.ParallelSumClient(client.CallInvoker)</c>.</summary>
    public CallInvoker CallInvoker { get; }

    /// <summary>A gRPC client of the server at <paramref name="options"/>' host and port; over TLS with <paramref name="tls"/>.</summary>
    /// <exception cref="ArgumentException">A <c>--ca</c> file that cannot be read.</exception>
    public static GrpcClient Create(ClientOptions options, TlsSettings? tls = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = Handler(options.WireTap, tap => new WireTapHandler(tap), tls);
        var channel = GrpcChannel.ForAddress(BaseAddress(options, tls), new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = options.MaxMessageSize,
            MaxSendMessageSize = options.MaxMessageSize,

            // Retries by grpc-dotnet itself, from the service config (see GrpcRetryPolicy); none without one.
            ServiceConfig = options.Retry is { } retry ? GrpcRetryPolicy.ServiceConfig(retry) : null,
            MaxRetryAttempts = options.Retry?.MaxAttempts ?? 5,
        });
        return new GrpcClient("grpc", channel.CreateCallInvoker(), channel, options);
    }

    /// <summary>
    /// The REST client: the same generated clients and contract adapters, their calls made as the HTTP/1.1 + JSON
    /// requests the google.api.http rules describe (<see cref="Rest.RestCallInvoker"/>), against gRPC JSON transcoding.
    /// </summary>
    /// <exception cref="ArgumentException">A <c>--ca</c> file that cannot be read.</exception>
    public static GrpcClient CreateRest(ClientOptions options, TlsSettings? tls = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var http = new HttpClient(Handler(options.WireTap, tap => new Rest.RestWireTapHandler(tap), tls))
        {
            BaseAddress = new Uri(BaseAddress(options, tls)),

            // Deadlines are per call; HttpClient's own 100 s limit would cut long streams.
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = options.MaxMessageSize,
        };
        return new GrpcClient("rest", Rest.RestCallInvoker.Create(http, options.Retry), http, options);
    }

    public ServiceSet With(OurCallOptions options) => CreateServices(options);

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    private static HttpMessageHandler Handler(Action<WireDirection, ReadOnlyMemory<byte>>? wireTap, Func<Action<WireDirection, ReadOnlyMemory<byte>>, DelegatingHandler> tapHandler, TlsSettings? tls)
    {
        HttpMessageHandler handler = new SocketsHttpHandler
        {
            // Kestrel allows 100 concurrent streams per HTTP/2 connection; beyond that, open another connection
            // instead of queueing calls.
            EnableMultipleHttp2Connections = true,
            UseProxy = false,

            // An RPC is never redirected; without the redirect layer each call also passes one handler fewer.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),

            // The chain and the host name are checked, against --ca when given (ClientTrust): never switched off.
            SslOptions = tls is null ? new() : ClientTrust.Options(tls),
        };
        if (wireTap is { } tap)
        {
            var tapping = tapHandler(tap);
            tapping.InnerHandler = handler;
            handler = tapping;
        }

        return handler;
    }

    private static string BaseAddress(ClientOptions options, TlsSettings? tls)
    {
        var host = IPAddress.TryParse(options.Host, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{options.Host}]"
            : options.Host;
        return $"{(tls is null ? "http" : "https")}://{host}:{options.Port}";
    }

    private ServiceSet CreateServices(OurCallOptions options)
    {
        var services = ServiceSet.Create(service => ClientAdapters.GetValueOrDefault(service.Contract)?.Invoke(CallInvoker, options, Transport == "grpc")
            ?? throw new InvalidOperationException($"GrpcServices has no client adapter of {service.Contract.Name}."));
        return _requestIds is null ? services : RequestIdProxy.Wrap(services, _requestIds);
    }
}
