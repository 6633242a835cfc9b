using System.Globalization;
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
/// h2load</c>), and the difference is what those layers cost. Prints <c>listening on HOST:PORT</c>, then serves
/// until its standard input closes or it is told to stop (Ctrl+C, SIGTERM).
/// </summary>
public static class BareGrpcServer
{
    public const string Verb = "serve-bare-grpc";

    public static async Task<int> RunAsync(string host, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(host), port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        await using var app = builder.Build();
        app.MapGrpcService<BareEchoService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"listening on {host}:{new Uri(address).Port}"));

        // The parent closing our standard input is its way to stop us, as for every server the sweep starts.
        using var stdinClosed = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            await using var stdin = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (await stdin.ReadAsync(buffer) > 0)
            {
            }

            await stdinClosed.CancelAsync();
        });
        await app.WaitForShutdownAsync(stdinClosed.Token);
        return 0;
    }
}
