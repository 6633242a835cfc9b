using System.Net;
using Lab2.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// Wrong on purpose: a student's own gRPC-only Program.cs (`-- grpc PORT`) whose middleware answers a method the
// service does not have with NOT_FOUND ("no such method"), instead of the UNIMPLEMENTED grpc-dotnet answers.
var builder = WebApplication.CreateBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, int.Parse(args[1]), listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpc();
builder.Services.AddSingleton<IShapes>(new ShapesService());
var app = builder.Build();
string[] methods = ["Upper", "Countdown", "Longest", "RunningTotal", "Hold", "Holds"];
app.Use(async (context, next) =>
{
    if (context.Request.Path.StartsWithSegments("/lab2.Shapes", out var rest) && !methods.Contains(rest.Value!.TrimStart('/')))
    {
        context.Response.ContentType = "application/grpc";
        context.Response.AppendTrailer("grpc-status", "5");
        context.Response.AppendTrailer("grpc-message", "no such method");
        return;
    }

    await next();
});
app.MapGrpcService<GrpcShapes>();
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"lab2 grpc server listening on {app.Urls.First().Replace("http://", string.Empty, StringComparison.Ordinal)}"));
await app.RunAsync();
