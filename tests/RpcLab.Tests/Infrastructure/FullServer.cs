using System.Net.Sockets;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Infrastructure;

/// <summary>
/// A server whose every connection place is taken by an idle connection, and one connection more (<see cref="Late"/>),
/// for tests of what a refused client sees. Disposing closes the connections and stops the server.
/// </summary>
public sealed class FullServer : IAsyncDisposable
{
    private FullServer(TestServer server, IdleSockets idle, Socket late) => (Server, Idle, Late) = (server, idle, late);

    public TestServer Server { get; }

    /// <summary>The connections holding the places.</summary>
    public IdleSockets Idle { get; }

    /// <summary>The connection beyond the limit.</summary>
    public Socket Late { get; }

    public static async Task<FullServer> StartAsync(string transport, int places)
    {
        var server = await TestServer.StartAsync(transport, new TestServerOptions { Server = new ServerOptions { MaxConnections = places } });
        IdleSockets? idle = null;
        var late = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            idle = await IdleSockets.OpenAsync(server.Port, places);
            await late.ConnectAsync("127.0.0.1", server.Port);
            return new FullServer(server, idle, late);
        }
        catch
        {
            late.Dispose();
            idle?.Dispose();
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Late.Dispose();
        Idle.Dispose();
        await Server.DisposeAsync();
    }
}
