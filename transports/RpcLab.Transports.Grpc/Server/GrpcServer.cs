using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Server.Adapters;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>
/// A gRPC server on Kestrel, HTTP/2 cleartext only (with HTTP/1.1 also enabled, Kestrel cannot tell a
/// prior-knowledge HTTP/2 client from HTTP/1.1 and real gRPC clients fail). Serves our five services and the
/// original course projects' contracts. Thread-safe; dispose once to stop.
/// </summary>
public sealed class GrpcServer : IRpcServer
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private int _disposed;

    private GrpcServer(WebApplication app, CancellationTokenSource stopping, string host, int port)
    {
        _app = app;
        _stopping = stopping;
        Host = host;
        Port = port;
    }

    public string Transport => "grpc";

    public string Host { get; }

    public int Port { get; }

    public static async Task<GrpcServer> StartAsync(ServiceSet services, ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxMessageSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxMessageSize must be positive");
        }

        var binder = new GrpcServiceBinder();
        EchoServerAdapter.Bind(binder, services.Echo);
        SumServerAdapter.Bind(binder, services.Sum);
        UsersServerAdapter.Bind(binder, services.Users);
        FilesServerAdapter.Bind(binder, services.Files);
        ComputeServerAdapter.Bind(binder, services.Compute);
        OriginalParallelSumServerAdapter.Bind(binder, services.Sum);
        OriginalUserServiceServerAdapter.Bind(binder, services.Users);

        var stopping = new CancellationTokenSource();
        var dispatcher = new GrpcRequestDispatcher(binder.Build(), options, stopping.Token);

        // The empty builder registers no logging providers: the server is quiet unless the caller logs calls.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton<IHostLifetime, ManualHostLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // Each message is bounded by MaxMessageSize as it is read, before it is buffered; a body limit on top
            // would only cut long client streams short.
            kestrel.Limits.MaxRequestBodySize = null;
            Listen(kestrel, options.Host, options.Port);
        });
        var app = builder.Build();
        app.Run(dispatcher.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            stopping.Dispose();
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var port = addresses?.Select(a => new Uri(a).Port).FirstOrDefault() ?? options.Port;
        return new GrpcServer(app, stopping, options.Host, port);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Calls in progress end with UNAVAILABLE rather than holding the shutdown for the whole grace period.
        await _stopping.CancelAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(StopTimeout))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static void Listen(KestrelServerOptions kestrel, string host, int port)
    {
        static void Http2Only(ListenOptions listen) => listen.Protocols = HttpProtocols.Http2;

        if (IPAddress.TryParse(host, out var address))
        {
            kestrel.Listen(address, port, Http2Only);
        }
        else if (host is "*" or "+")
        {
            kestrel.ListenAnyIP(port, Http2Only);
        }
        else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel cannot bind "localhost" to a dynamic port (it would need the same port on 127.0.0.1 and ::1).
            if (port == 0)
            {
                kestrel.Listen(IPAddress.Loopback, 0, Http2Only);
            }
            else
            {
                kestrel.ListenLocalhost(port, Http2Only);
            }
        }
        else
        {
            var resolved = Dns.GetHostAddresses(host);
            if (resolved.Length == 0)
            {
                throw new ArgumentException($"host '{host}' does not resolve to an address", nameof(host));
            }

            kestrel.Listen(resolved[0], port, Http2Only);
        }
    }
}
