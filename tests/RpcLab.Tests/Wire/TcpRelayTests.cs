using System.Net;
using System.Net.Sockets;
using System.Text;
using RpcLab.Network;

namespace RpcLab.Tests.Wire;

/// <summary>The relay under the wire view: bytes pass unchanged both ways, observers see every chunk in order, half-closes are relayed.</summary>
public sealed class TcpRelayTests
{
    [Fact]
    public async Task Relays_both_ways_unchanged_and_tells_the_observers()
    {
        using var upstream = new TcpListener(IPAddress.Loopback, 0);
        upstream.Start();
        var seen = new List<RelayChunk>();
        await using var relay = TcpRelay.Start("127.0.0.1", ((IPEndPoint)upstream.LocalEndpoint).Port, new TcpRelayOptions
        {
            OnClientToServer = c => { lock (seen) { seen.Add(c); } },
            OnServerToClient = c => { lock (seen) { seen.Add(c); } },
        });
        var request = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();

        // A server that reads the whole request (until the client's half-close), then answers and closes.
        var serving = Task.Run(async () =>
        {
            using var server = await upstream.AcceptTcpClientAsync();
            var stream = server.GetStream();
            using var received = new MemoryStream();
            await stream.CopyToAsync(received);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"got {received.Length} bytes, sum {received.ToArray().Sum(b => b)}"));
        });
        using var client = new TcpClient();
        await client.ConnectAsync(relay.Host, relay.Port);
        var clientStream = client.GetStream();
        await clientStream.WriteAsync(request);
        client.Client.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(clientStream);
        var answer = await reader.ReadToEndAsync();
        await serving;

        Assert.Equal($"got {request.Length} bytes, sum {request.Sum(b => b)}", answer);
        Assert.True(await relay.WhenConnectionsEndAsync(TimeSpan.FromSeconds(10)));
        RelayChunk[] chunks;
        lock (seen)
        {
            chunks = [.. seen];
        }

        var up = chunks.Where(c => c.Direction == RelayDirection.ClientToServer).ToList();
        Assert.Equal(request, up.SelectMany(c => c.Data.ToArray()));
        Assert.True(up[^1].IsEnd);
        Assert.Equal(answer, Encoding.ASCII.GetString(chunks.Where(c => c.Direction == RelayDirection.ServerToClient).SelectMany(c => c.Data.ToArray()).ToArray()));
        Assert.All(chunks, c => Assert.Equal(1, c.Connection));
        Assert.True(up.Zip(up.Skip(1)).All(p => p.First.At <= p.Second.At));
    }

    [Fact]
    public async Task A_refused_upstream_closes_the_clients_connection()
    {
        int closedPort;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        await using var relay = TcpRelay.Start("127.0.0.1", closedPort);
        using var client = new TcpClient();
        await client.ConnectAsync(relay.Host, relay.Port);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var read = await ReadOrResetAsync(client.GetStream(), guard.Token);

        Assert.Equal(0, read);
    }

    [Fact]
    public async Task Dispose_closes_relayed_connections()
    {
        using var upstream = new TcpListener(IPAddress.Loopback, 0);
        upstream.Start();
        var relay = TcpRelay.Start("127.0.0.1", ((IPEndPoint)upstream.LocalEndpoint).Port);
        using var client = new TcpClient();
        await client.ConnectAsync(relay.Host, relay.Port);
        using var server = await upstream.AcceptTcpClientAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await relay.DisposeAsync();

        Assert.Equal(0, await ReadOrResetAsync(client.GetStream(), guard.Token));
        Assert.Equal(0, await ReadOrResetAsync(server.GetStream(), guard.Token));
    }

    // 0 for a close, and for a reset too: either way the peer is gone.
    private static async Task<int> ReadOrResetAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAsync(new byte[16], cancellationToken);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
