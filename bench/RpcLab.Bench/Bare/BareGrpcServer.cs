using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RpcLab.Bench.Bare;

/// <summary>
/// <c>serve-bare-grpc</c>: a bare grpc-dotnet server of <see cref="BareEchoService"/> on Kestrel (HTTP/2
/// cleartext, as the gRPC transport listens), with nothing else: no adapter onto the contracts, no interceptor,
/// no call-log middleware, no reflection or health service, no logging. The yardstick for the gRPC transport's
/// own layers: load both with the same client (<c>rpclab bench load</c>) or with h2load (<c>rpclab bench
/// h2load</c>), and the difference is what those layers cost. <c>serve-bare-rest</c> is the same service through
/// ASP.NET Core's gRPC JSON transcoding alone on an HTTP/1.1 endpoint (the same google.api.http rules the REST
/// transport serves): the yardstick for the REST transport. Each prints <c>listening on HOST:PORT</c>, then serves
/// until its standard input closes or it is told to stop (Ctrl+C, SIGTERM).
/// </summary>
public static class BareGrpcServer
{
    public const string Verb = "serve-bare-grpc";

    public const string RestVerb = "serve-bare-rest";

    public static Task<int> RunAsync(string host, int port) => ServeAsync(host, port, rest: false);

    public static Task<int> RunRestAsync(string host, int port) => ServeAsync(host, port, rest: true);

    private static async Task<int> ServeAsync(string host, int port, bool rest)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // REST is HTTP/1.1, gRPC cleartext HTTP/2 only: as the two transports listen.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(host), port, listen => listen.Protocols = rest ? HttpProtocols.Http1 : HttpProtocols.Http2));
        var grpc = builder.Services.AddGrpc();
        if (rest)
        {
            grpc.AddJsonTranscoding();
        }

        await using var app = builder.Build();
        app.MapGrpcService<BareEchoService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BareLifetime.AnnounceListening(host, new Uri(address).Port);

        using var stdinClosed = BareLifetime.StopWhenStdinCloses();
        await app.WaitForShutdownAsync(stdinClosed.Token);
        return 0;
    }
}
