using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// A grpc-dotnet server (Grpc.AspNetCore) of our five services and the original course projects' contracts, each
/// an adapter derived from its generated base, plus server reflection and the standard health service, and the
/// same services as REST through gRPC JSON transcoding (the google.api.http rules of protos/rpclab). gRPC's Kestrel
/// endpoint is HTTP/2 only: without TLS there is no protocol negotiation, and an endpoint that also allowed HTTP/1.1
/// would take a gRPC client's prior-knowledge HTTP/2 for HTTP/1.1; REST gets its own HTTP/1.1 endpoint.
/// Thread-safe; dispose once to stop.
/// </summary>
public sealed class GrpcServer : IRpcServer
{
    /// <summary>How long calls in progress may take to finish when the server stops, before their connections are closed.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    private readonly WebApplication _app;
    private int _disposed;

    /// <summary>The full names of the services this server maps, ours and the originals'.</summary>
    public static IReadOnlyList<string> ServedServiceNames { get; } =
    [
        Protos.Echo.Echo.Descriptor.FullName,
        Protos.Sum.ParallelSum.Descriptor.FullName,
        Protos.Users.Users.Descriptor.FullName,
        Protos.Files.Files.Descriptor.FullName,
        Protos.Compute.Compute.Descriptor.FullName,
        Protos.Original.ParallelSum.ParallelSum.Descriptor.FullName,
        Protos.Original.UserServices.UserService.Descriptor.FullName,
    ];

    private GrpcServer(WebApplication app, string transport, string host, int port, int? restPort)
    {
        _app = app;
        Transport = transport;
        Host = host;
        Port = port;
        RestPort = restPort;
    }

    /// <summary>grpc, or rest for a server that only listens for REST.</summary>
    public string Transport { get; }

    public string Host { get; }

    /// <summary>The port of <see cref="Transport"/>: gRPC's HTTP/2 endpoint, or the REST endpoint of a REST-only server.</summary>
    public int Port { get; }

    /// <summary>The HTTP/1.1 endpoint of the REST mapping (gRPC JSON transcoding), when the server has one.</summary>
    public int? RestPort { get; }

    /// <summary>REST on its own port when a gRPC server serves it too; nothing for a REST-only server, whose <see cref="Port"/> it is.</summary>
    public IReadOnlyList<(string Transport, int Port)> AlsoListening =>
        RestPort is { } rest && rest != Port ? [("rest", rest)] : [];

    /// <summary>A gRPC server on <see cref="ServerOptions.Port"/>, and REST on <paramref name="restPort"/> too when given (0 = any free port).</summary>
    public static Task<GrpcServer> StartAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default, int? restPort = null) =>
        StartAsync(services, options, grpcPort: options?.Port, restPort, cancellationToken);

    /// <summary>Only the REST mapping (gRPC JSON transcoding), on an HTTP/1.1 endpoint at <see cref="ServerOptions.Port"/>.</summary>
    public static Task<GrpcServer> StartRestAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(services, options, grpcPort: null, restPort: options?.Port, cancellationToken);

    private static async Task<GrpcServer> StartAsync(ServiceSet services, ServerOptions? options, int? grpcPort, int? restPort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxMessageSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxMessageSize must be positive");
        }

        // The empty builder registers no logging providers and no console lifetime: the server prints nothing
        // of its own, and whoever owns it stops it by disposing it.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IHostLifetime, ManualHostLifetime>();
        ListenOptions? grpcListener = null, restListener = null;
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // gRPC bounds each message (MaxReceiveMessageSize), not the body: a client stream may be long. REST bodies
            // are bounded per request (RestBodyLimitMiddleware).
            kestrel.Limits.MaxRequestBodySize = null;
            if (grpcPort is { } g)
            {
                grpcListener = Listen(kestrel, options.Host, g, HttpProtocols.Http2);
            }

            // REST is HTTP/1.1 (curl, browsers, urllib): its own endpoint, since an HTTP/2-only one cannot serve it.
            if (restPort is { } r)
            {
                restListener = Listen(kestrel, options.Host, r, HttpProtocols.Http1);
            }
        });

        builder.Services.AddSingleton<ErrorInterceptor>();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxMessageSize;
            grpc.MaxSendMessageSize = options.MaxMessageSize;
            grpc.Interceptors.Add<ErrorInterceptor>();
        }).AddJsonTranscoding();
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks(health =>
            {
                // Besides the whole server (""), each service answers by its full name, as health clients may ask.
                foreach (var name in ServedServiceNames)
                {
                    health.Services.Map(name, _ => true);
                }
            })
            .AddCheck<ServingCheck>("serving");

        // One adapter instance per service, built over the contract it serves (grpc-dotnet takes it from DI).
        builder.Services.AddSingleton(new EchoAdapter(services.Echo));
        builder.Services.AddSingleton(new SumAdapter(services.Sum));
        builder.Services.AddSingleton(new UsersAdapter(services.Users));
        builder.Services.AddSingleton(new FilesAdapter(services.Files));
        builder.Services.AddSingleton(new ComputeAdapter(services.Compute));
        builder.Services.AddSingleton(new OriginalParallelSumAdapter(services.Sum));
        builder.Services.AddSingleton(new OriginalUserServiceAdapter(services.OriginalUsers ?? services.Users));

        var app = builder.Build();
        if (options.CallLog is { } log)
        {
            app.UseMiddleware<CallLogMiddleware>(log);
        }

        if (restPort is not null)
        {
            app.UseMiddleware<Rest.RestBodyLimitMiddleware>(options.MaxMessageSize);
        }

        app.MapGrpcService<EchoAdapter>();
        app.MapGrpcService<SumAdapter>();
        app.MapGrpcService<UsersAdapter>();
        app.MapGrpcService<FilesAdapter>();
        app.MapGrpcService<ComputeAdapter>();
        app.MapGrpcService<OriginalParallelSumAdapter>();
        app.MapGrpcService<OriginalUserServiceAdapter>();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // Kestrel writes the port it bound (the OS's choice for port 0) back into each endpoint's options.
        return grpcListener is not null
            ? new GrpcServer(app, "grpc", options.Host, grpcListener.IPEndPoint!.Port, restListener?.IPEndPoint!.Port)
            : new GrpcServer(app, "rest", options.Host, restListener!.IPEndPoint!.Port, restListener.IPEndPoint!.Port);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Calls still running when the grace period ends have their connections closed (their handlers are cancelled).
        using (var grace = new CancellationTokenSource(StopGrace))
        {
            await _app.StopAsync(grace.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static ListenOptions Listen(KestrelServerOptions kestrel, string host, int port, HttpProtocols protocols)
    {
        ListenOptions? endpoint = null;
        void Configure(ListenOptions listen)
        {
            listen.Protocols = protocols;
            endpoint = listen;
        }

        if (IPAddress.TryParse(host, out var address))
        {
            kestrel.Listen(address, port, Configure);
        }
        else if (host is "*" or "+")
        {
            kestrel.ListenAnyIP(port, Configure);
        }
        else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel cannot bind "localhost" to a dynamic port (it would need the same port on 127.0.0.1 and ::1).
            if (port == 0)
            {
                kestrel.Listen(IPAddress.Loopback, 0, Configure);
            }
            else
            {
                kestrel.ListenLocalhost(port, Configure);
            }
        }
        else
        {
            var resolved = Dns.GetHostAddresses(host);
            if (resolved.Length == 0)
            {
                throw new ArgumentException($"host '{host}' does not resolve to an address", nameof(host));
            }

            kestrel.Listen(resolved[0], port, Configure);
        }

        return endpoint!;
    }
}
