using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Security;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// A grpc-dotnet server (Grpc.AspNetCore) of our five services and the original course projects' contracts, each
/// an adapter derived from its generated base, plus server reflection and the standard health service, and the
/// same services as REST through gRPC JSON transcoding (the google.api.http rules of protos/rpclab). gRPC's Kestrel
/// endpoint is HTTP/2 only: without TLS there is no protocol negotiation, and an endpoint that also allowed HTTP/1.1
/// would take a gRPC client's prior-knowledge HTTP/2 for HTTP/1.1; REST gets its own HTTP/1.1 endpoint. The connection
/// limits and timeouts of <see cref="ServerOptions"/> are Kestrel's limits and a connection middleware
/// (<see cref="KestrelConnectionLimits"/>). Thread-safe; dispose once to stop.
/// </summary>
public sealed class GrpcServer : IRpcServer
{
    /// <summary>How long calls in progress may take to finish when the server stops, before their connections are closed.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    private readonly WebApplication _app;
    private int _disposed;

    /// <summary>The full names of the services this server maps, ours and the originals' (<see cref="GrpcServices"/>).</summary>
    public static IReadOnlyList<string> ServedServiceNames { get; } = GrpcServices.All.Select(s => s.FullName).ToArray();

    private GrpcServer(WebApplication app, string transport, string host, int port, int? restPort, ServerCertificate? certificate)
    {
        _app = app;
        Transport = transport;
        Host = host;
        Port = port;
        RestPort = restPort;
        Protection = certificate?.Describe();
    }

    /// <summary>"TLS with FILE (...)" when both endpoints speak TLS; null for cleartext.</summary>
    public string? Protection { get; }

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
    /// <remarks>With <paramref name="tls"/>, both endpoints speak TLS only (HTTP/2 negotiated by ALPN for gRPC, HTTPS for REST).</remarks>
    public static Task<GrpcServer> StartAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default, int? restPort = null, TlsSettings? tls = null) =>
        StartAsync(services, options, grpcPort: options?.Port, restPort, tls, cancellationToken);

    /// <summary>Only the REST mapping (gRPC JSON transcoding), on an HTTP/1.1 endpoint at <see cref="ServerOptions.Port"/> (HTTPS with <paramref name="tls"/>).</summary>
    public static Task<GrpcServer> StartRestAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default, TlsSettings? tls = null) =>
        StartAsync(services, options, grpcPort: null, restPort: options?.Port, tls, cancellationToken);

    private static async Task<GrpcServer> StartAsync(ServiceSet services, ServerOptions? options, int? grpcPort, int? restPort, TlsSettings? tls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxMessageSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxMessageSize must be positive");
        }

        // Read (or generated) before a port is bound: a wrong --cert is an error that starts nothing.
        var certificate = tls is null ? null : ServerCertificate.Load(tls, options.DataDirectory);

        // The sockets are bound here, by the seam's one listen policy, and handed to Kestrel's socket transport as it
        // asks for each endpoint: "localhost" is then both loopbacks on one port even for port 0, which Kestrel's own
        // ListenLocalhost cannot do, and "*" is the same dual-stack socket every other server binds.
        var address = ListenAddress.Resolve(options.Host);
        var bound = new ConcurrentDictionary<EndPoint, Socket>();
        try
        {
            var grpcEndpoints = grpcPort is { } g ? Reserve(address, g, bound) : [];
            var restEndpoints = restPort is { } r ? Reserve(address, r, bound) : [];
            // One limiter for both endpoints: the limits are the process's, whichever port a connection comes to.
            var limiter = new ConnectionLimiter(grpcPort is null ? "rest" : "grpc", options);
            var app = Build(services, options, restPort is not null, bound, kestrel =>
            {
                KestrelConnectionLimits.Apply(kestrel.Limits, options, limiter);
                foreach (var endpoint in grpcEndpoints)
                {
                    kestrel.Listen(endpoint, listen =>
                    {
                        listen.Protocols = HttpProtocols.Http2;
                        Secure(listen, limiter, certificate);
                    });
                }

                // REST is HTTP/1.1 (curl, browsers, urllib): its own endpoint, since an HTTP/2-only one cannot serve it.
                foreach (var endpoint in restEndpoints)
                {
                    kestrel.Listen(endpoint, listen =>
                    {
                        listen.Protocols = HttpProtocols.Http1;
                        Secure(listen, limiter, certificate);
                    });
                }
            });
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return grpcEndpoints.Count > 0
                ? new GrpcServer(app, "grpc", address.Host, grpcEndpoints[0].Port, restEndpoints.Count > 0 ? restEndpoints[0].Port : null, certificate)
                : new GrpcServer(app, "rest", address.Host, restEndpoints[0].Port, restEndpoints[0].Port, certificate);
        }
        finally
        {
            // Kestrel took (and now owns) every socket of a server that started; any left over are closed.
            foreach (var socket in bound.Values)
            {
                socket.Dispose();
            }
        }
    }

    private static WebApplication Build(ServiceSet services, ServerOptions options, bool rest, ConcurrentDictionary<EndPoint, Socket> bound, Action<KestrelServerOptions> listen)
    {
        // The empty builder registers no logging providers and no console lifetime: the server prints nothing
        // of its own, and whoever owns it stops it by disposing it.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IHostLifetime, ManualHostLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // gRPC bounds each message (MaxReceiveMessageSize), not the body: a client stream may be long. REST bodies
            // are bounded per request (RestBodyLimitMiddleware).
            kestrel.Limits.MaxRequestBodySize = null;
            listen(kestrel);
        });
        builder.WebHost.UseSockets(transport => transport.CreateBoundListenSocket = endpoint =>
            bound.TryRemove(endpoint, out var socket) ? socket : SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint));

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
        foreach (var service in GrpcServices.All)
        {
            service.Register(builder.Services, services);
        }

        var app = builder.Build();
        if (options.CallLog is { } log)
        {
            app.UseMiddleware<CallLogMiddleware>(log);
        }

        // Inside the call log, which then logs the status as rewritten.
        app.UseMiddleware<MalformedRequestMiddleware>();
        if (rest)
        {
            app.UseMiddleware<Rest.RestBodyLimitMiddleware>(options.MaxMessageSize);
        }

        foreach (var service in GrpcServices.All)
        {
            service.Map(app);
        }

        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        return app;
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

    // The connection limit first, on the bare connection (a refused one costs no handshake), then TLS when there is a
    // certificate: HTTP/2 for gRPC is then negotiated by ALPN, and a cleartext client is refused by the handshake.
    private static void Secure(ListenOptions listen, ConnectionLimiter limiter, ServerCertificate? certificate)
    {
        listen.Use(KestrelConnectionLimits.Middleware(limiter, listen.Protocols, encrypted: certificate is not null));
        if (certificate is not null)
        {
            listen.UseHttps(certificate.Certificate);
        }
    }

    // Binds the policy's sockets for one endpoint of the server and keeps them for Kestrel; returns their endpoints.
    private static List<IPEndPoint> Reserve(ListenAddress address, int port, ConcurrentDictionary<EndPoint, Socket> bound)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (var socket in address.Bind(port))
        {
            var endpoint = (IPEndPoint)socket.LocalEndPoint!;
            bound[endpoint] = socket;
            endpoints.Add(endpoint);
        }

        return endpoints;
    }
}
