using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;
using OurCallOptions = RpcLab.Transports.Hosting.CallOptions;
using Protos = RpcLab.Transports.Grpc.Protos;

namespace RpcLab.Transports.Grpc.Client;

/// <summary>
/// A Grpc.Net.Client channel (HTTP/2 cleartext, connecting on the first call, more connections when one connection's
/// stream limit is reached) with the generated clients wrapped as the C# contracts. <see cref="CallInvoker"/> carries
/// the one error mapping, so any generated client built on it (the original course projects' too) throws our
/// RpcException. Thread-safe: calls may be made concurrently.
/// </summary>
public sealed class GrpcClient : IRpcClient
{
    private readonly GrpcChannel _channel;

    private GrpcClient(GrpcChannel channel, OurCallOptions defaults)
    {
        _channel = channel;
        CallInvoker = channel.Intercept(new ErrorInterceptor());
        Services = CreateServices(defaults);
    }

    public string Transport => "grpc";

    public ServiceSet Services { get; }

    /// <summary>The channel's invoker with the error mapping: build any generated client on it, e.g. <c>new ParallelSum.ParallelSumClient(client.CallInvoker)</c>.</summary>
    public CallInvoker CallInvoker { get; }

    public static GrpcClient Create(ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        HttpMessageHandler handler = new SocketsHttpHandler
        {
            // Kestrel allows 100 concurrent streams per connection; beyond that, open another connection
            // instead of queueing calls.
            EnableMultipleHttp2Connections = true,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        if (options.WireTap is { } tap)
        {
            handler = new WireTapHandler(tap) { InnerHandler = handler };
        }

        var host = IPAddress.TryParse(options.Host, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{options.Host}]"
            : options.Host;
        var channel = GrpcChannel.ForAddress($"http://{host}:{options.Port}", new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = options.MaxMessageSize,
            MaxSendMessageSize = options.MaxMessageSize,
        });
        return new GrpcClient(channel, options.DefaultCall);
    }

    public ServiceSet With(OurCallOptions options) => CreateServices(options);

    public ValueTask DisposeAsync()
    {
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }

    private ServiceSet CreateServices(OurCallOptions options) => new(
        new SumClientAdapter(new Protos.Sum.ParallelSum.ParallelSumClient(CallInvoker), options),
        new UsersClientAdapter(new Protos.Users.Users.UsersClient(CallInvoker), options),
        new FilesClientAdapter(new Protos.Files.Files.FilesClient(CallInvoker), options),
        new ComputeClientAdapter(new Protos.Compute.Compute.ComputeClient(CallInvoker), options),
        new EchoClientAdapter(new Protos.Echo.Echo.EchoClient(CallInvoker), options));
}
