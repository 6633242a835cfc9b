using System.Net;
using System.Net.Sockets;
using StreamJsonRpc;

namespace Lab6.Server;

/// <summary>
/// Accepts TCP connections on 127.0.0.1 and serves <see cref="KvService"/> on each with StreamJsonRpc (JSON-RPC 2.0,
/// Content-Length framing). A connection that breaks ends only itself; the server goes on serving the others.
/// </summary>
public static class LabServer
{
    public static async Task RunAsync(int port, string? dataFile, CancellationToken cancellationToken)
    {
        var service = new KvService(dataFile);
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var bound = ((IPEndPoint)listener.LocalEndpoint).Port;
        Console.WriteLine($"lab6 kv server listening on 127.0.0.1:{bound} (data: {dataFile ?? "memory only"})");
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            _ = ServeAsync(client, service);
        }
    }

    private static async Task ServeAsync(TcpClient client, KvService service)
    {
        using (client)
        {
            client.NoDelay = true;
            try
            {
                using var rpc = JsonRpc.Attach(client.GetStream(), service);
                await rpc.Completion;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or ConnectionLostException)
            {
                // The client went away (or the network between us did): only this connection ends.
            }
        }
    }
}
