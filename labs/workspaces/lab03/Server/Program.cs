using System.Globalization;
using System.Net;
using Lab3.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// Two ports, as arguments: gRPC's, then REST's (`dotnet run --project Server -- 0 0` lets the system pick both).
// Without TLS a port speaks one HTTP version: gRPC needs HTTP/2 ("h2c", prior knowledge), while REST clients (curl,
// browsers) speak HTTP/1.1, and a port that allowed both would answer gRPC clients in HTTP/1.1. So each gets its own.
var grpcPort = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 0;
var restPort = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0;

var builder = WebApplication.CreateBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
ListenOptions? grpcEndpoint = null, restEndpoint = null;
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Listen(IPAddress.Loopback, grpcPort, listen => (grpcEndpoint = listen).Protocols = HttpProtocols.Http2);
    kestrel.Listen(IPAddress.Loopback, restPort, listen => (restEndpoint = listen).Protocols = HttpProtocols.Http1);
});

// Every call of every method goes through ErrorInterceptor: the one place where exceptions become statuses.
builder.Services.AddSingleton<ErrorInterceptor>();
builder.Services.AddGrpc(grpc => grpc.Interceptors.Add<ErrorInterceptor>())
    // The same service as REST: the google.api.http rules of protos/lab3.proto, the status mapped to HTTP's.
    .AddJsonTranscoding();

// Server reflection: tools (grpcurl, Postman) and `rpclab check 3` read your methods from it.
builder.Services.AddGrpcReflection();
builder.Services.AddSingleton<UserStore>();
builder.Services.AddSingleton<Waits>();

var app = builder.Build();
app.MapGrpcService<UsersService>();
app.MapGrpcReflectionService();

await app.StartAsync();
// Kestrel writes the ports it bound into the endpoints, so port 0 prints the one the system picked.
Console.WriteLine($"lab3 server listening on {grpcEndpoint!.IPEndPoint} (gRPC, HTTP/2) and {restEndpoint!.IPEndPoint} (REST, HTTP/1.1) (Ctrl+C stops it)");
await app.WaitForShutdownAsync();
