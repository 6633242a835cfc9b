using System.Globalization;
using System.Text.Json;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.ZeroRpc;

namespace RpcLab.Tests.Interop;

/// <summary>
/// tests/peers/python/zerorpc_server.py (pyzmq + msgpack, a few of RpcLab's methods in memory) on a port the OS
/// chooses, and a client of ours connected to it. The server prints one JSON line per finished call, saying what
/// our client did on the channel (<see cref="WaitForCallAsync"/>). Disposing stops both.
/// </summary>
public sealed class ZeroRpcPythonServer : IAsyncDisposable
{
    private const string Ready = "listening on ";

    private readonly PeerProcess _process;

    private ZeroRpcPythonServer(PeerProcess process, IRpcClient client, int port)
    {
        _process = process;
        Client = client;
        Port = port;
    }

    public IRpcClient Client { get; }

    /// <summary>The port the peer listens on, for clients other than <see cref="Client"/>.</summary>
    public int Port { get; }

    public static async Task<ZeroRpcPythonServer> StartAsync()
    {
        var process = Peers.Start(Peer.PythonZeroRpc, "python/zerorpc_server.py", "--host", "127.0.0.1", "--port", "0");
        try
        {
            var line = await process.WaitForLineAsync(l => l.StartsWith(Ready, StringComparison.Ordinal), $"starting with '{Ready}'");
            var port = int.Parse(line[(line.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
            var client = await new ZeroRpcTransport().ConnectAsync(new ClientOptions { Host = "127.0.0.1", Port = port });
            return new ZeroRpcPythonServer(process, client, port);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>The server's log line of the next finished call of <paramref name="method"/>: status, heartbeats, grants, cancel.</summary>
    public async Task<JsonElement> WaitForCallAsync(string method)
    {
        var line = await _process.WaitForLineAsync(l => l.StartsWith('{') && l.Contains($"\"call\": \"{method}\"", StringComparison.Ordinal), $"logging a call of {method}");
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    public string Describe() => _process.Describe();

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _process.DisposeAsync();
    }
}
