using System.Globalization;
using System.Net;
using Lab1.Server;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// The port is the first argument: `dotnet run --project Server -- 0` lets the system pick a free one, printed below.
var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 0;

var builder = WebApplication.CreateBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
    // gRPC without TLS needs HTTP/2 only ("h2c"): an endpoint that also allowed HTTP/1.1 would answer gRPC clients in HTTP/1.1.
    kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpc();

// Server reflection: the server describes its services and messages to tools (grpcurl, Postman) and to `rpclab check 1`.
builder.Services.AddGrpcReflection();

var app = builder.Build();
app.MapGrpcService<FirstRpcService>();
app.MapGrpcReflectionService();

await app.StartAsync();
var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
Console.WriteLine($"lab1 server listening on {address.Host}:{address.Port} (Ctrl+C stops it)");
await app.WaitForShutdownAsync();
