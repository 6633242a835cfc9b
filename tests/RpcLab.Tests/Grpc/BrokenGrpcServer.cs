using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Client;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Grpc;

/// <summary>
/// A bare Kestrel HTTP/2 server that answers every request with the given delegate (to play a gRPC server that
/// answers badly), and our gRPC client connected to it. Dispose with await using; both are stopped.
/// </summary>
internal sealed class BrokenGrpcServer(WebApplication app, GrpcClient client) : IAsyncDisposable
{
    public GrpcClient Client => client;

    public static async Task<BrokenGrpcServer> StartAsync(RequestDelegate answer)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.Run(answer);
        await app.StartAsync();
        try
        {
            var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
            return new BrokenGrpcServer(app, GrpcClient.Create(new ClientOptions { Port = port, DefaultCall = new CallOptions { Timeout = TimeSpan.FromSeconds(30) } }));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Calls Echo.Reverse, which must fail, and returns the error.</summary>
    public Task<RpcException> CallReverseAsync() =>
        Assert.ThrowsAsync<RpcException>(() => client.Services.Echo.ReverseAsync("x"));

    public async ValueTask DisposeAsync()
    {
        await client.DisposeAsync();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
