using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lab2.Server;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using StreamJsonRpc;

// `dotnet run --project Server -- grpc 0` or `-- jsonrpc 0`: the transport, then the port (0 lets the system pick a
// free one, printed below). One process serves one transport; run two for both.
if (args.Length != 2 || args[0] is not ("grpc" or "jsonrpc") || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
{
    Console.Error.WriteLine("usage: dotnet run --project Server -- grpc|jsonrpc PORT   (PORT 0: any free port)");
    return 2;
}

// The one implementation, shared by every call of either transport.
var shapes = new ShapesService();
if (args[0] == "grpc")
{
    var builder = WebApplication.CreateBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.WebHost.ConfigureKestrel(kestrel =>
        // gRPC without TLS needs HTTP/2 only ("h2c"): an endpoint that also allowed HTTP/1.1 would answer gRPC clients in HTTP/1.1.
        kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
    builder.Services.AddGrpc();
    builder.Services.AddSingleton<IShapes>(shapes);
    var app = builder.Build();
    app.MapGrpcService<GrpcShapes>();
    await app.StartAsync();
    var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    Console.WriteLine($"lab2 grpc server listening on {address.Host}:{address.Port} (Ctrl+C stops it)");
    await app.WaitForShutdownAsync();
    return 0;
}

// JSON-RPC 2.0 over TCP: each connection is one StreamJsonRpc JsonRpc, Content-Length framing (HeaderDelimitedMessageHandler,
// as LSP and vscode-jsonrpc frame) and System.Text.Json. StreamJsonRpc calls the methods of IShapes itself: a method
// named UpperAsync answers "Upper" (the Async suffix may be left out), an IAsyncEnumerable travels as a token the
// other side pulls with $/enumerator/next, and a CancellationToken parameter fires on $/cancelRequest.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
var listener = new TcpListener(IPAddress.Loopback, port);
listener.Start();
Console.WriteLine($"lab2 jsonrpc server listening on 127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port} (Ctrl+C stops it)");
try
{
    while (true)
    {
        var client = await listener.AcceptTcpClientAsync(stop.Token);
        _ = ServeConnectionAsync(client, shapes);
    }
}
catch (OperationCanceledException)
{
    return 0;
}
finally
{
    listener.Stop();
}

static async Task ServeConnectionAsync(TcpClient client, IShapes shapes)
{
    using (client)
    {
        var stream = client.GetStream();
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(stream, stream, new SystemTextJsonFormatter()));
        rpc.AddLocalRpcTarget<IShapes>(shapes, null);
        rpc.StartListening();
        try
        {
            await rpc.Completion;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or ConnectionLostException)
        {
            // The client went away; the server serves the others.
        }
    }
}
