using System.Net;
using System.Net.Sockets;
using StreamJsonRpc;

namespace RpcLab.Bench.Bare;

/// <summary>
/// <c>serve-bare-jsonrpc</c>: a stock StreamJsonRpc server of <c>echo.reverse</c>, as its documentation writes one: a
/// TCP listener, and per connection <see cref="JsonRpc"/> over StreamJsonRpc's own <see cref="HeaderDelimitedMessageHandler"/>
/// (Content-Length framing, what our JSON-RPC transport speaks by default) with one local method. No spec-compliance
/// handler, no call log, no limits, no contract, no error mapping of ours. The one choice that is not the library's
/// default is the formatter: <see cref="SystemTextJsonFormatter"/>, the one our transport uses, so the comparison
/// measures our layers rather than Newtonsoft.Json against System.Text.Json. Nagle is off, as on our servers. The
/// yardstick for the JSON-RPC transport's own layers. Prints <c>listening on HOST:PORT</c>, then serves until its
/// standard input closes.
/// </summary>
public static class BareJsonRpcServer
{
    public const string Verb = "serve-bare-jsonrpc";

    /// <summary>The method the load runs call, as our JSON-RPC transport names it.</summary>
    public const string ReverseMethod = "echo.reverse";

    public static async Task<int> RunAsync(string host, int port)
    {
        using var listener = new TcpListener(IPAddress.Parse(host), port);
        listener.Start();
        BareLifetime.AnnounceListening(host, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var stdinClosed = BareLifetime.StopWhenStdinCloses();
        try
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync(stdinClosed.Token);
                socket.NoDelay = true;
                _ = ServeAsync(socket);
            }
        }
        catch (OperationCanceledException)
        {
            // Standard input closed: the way to stop.
        }

        return 0;
    }

    private static async Task ServeAsync(Socket socket)
    {
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(new NetworkStream(socket, ownsSocket: true), new SystemTextJsonFormatter()));
        rpc.AddLocalRpcMethod(ReverseMethod, new Func<string, string>(BareEchoService.ReverseText));
        rpc.StartListening();
        // A connection that ends badly ends alone.
        await rpc.Completion.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }
}
