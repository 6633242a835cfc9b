using System.Globalization;
using System.Text.Json;

namespace RpcLab.Tests.Interop;

/// <summary>
/// The vscode-jsonrpc peer (tests/peers/node/jsonrpc-peer.mjs), started through <see cref="Peers"/>: run as
/// a client to completion, or as a server until disposed. It prints one JSON object per line. The process
/// is always ended on dispose (see <see cref="PeerProcess"/>). Not thread-safe; one test uses one peer.
/// </summary>
public sealed class JsonRpcNodePeer : IAsyncDisposable
{
    private const string Script = "node/jsonrpc-peer.mjs";

    private readonly PeerProcess _process;

    private JsonRpcNodePeer(PeerProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The port a server-mode peer listens on.</summary>
    public int Port { get; }

    /// <summary>Starts the peer as a server and waits for it to say its port.</summary>
    public static async Task<JsonRpcNodePeer> StartServerAsync()
    {
        var process = Peers.Start(Peer.NodeJsonRpc, Script, "server");
        try
        {
            var ready = Parse(await process.WaitForLineAsync(IsEvent, "announcing the listening port"));
            Assert.Equal("listening", ready.GetProperty("event").GetString());
            return new JsonRpcNodePeer(process, ready.GetProperty("port").GetInt32());
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the peer's client script against 127.0.0.1:<paramref name="port"/>; returns its steps by name.</summary>
    public static async Task<Dictionary<string, JsonElement>> RunClientAsync(int port)
    {
        await using var process = Peers.Start(Peer.NodeJsonRpc, Script, "client", port.ToString(CultureInfo.InvariantCulture));
        var exitCode = await process.WaitForExitAsync();
        Assert.True(exitCode == 0, $"the peer failed\n{process.Describe()}");
        return process.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith('{'))
            .Select(Parse)
            .ToDictionary(step => step.GetProperty("step").GetString()!);
    }

    /// <summary>The next event a server-mode peer prints.</summary>
    public async Task<JsonElement> NextEventAsync(TimeSpan? patience = null) =>
        Parse(await _process.WaitForLineAsync(IsEvent, "reporting an event", patience));

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static bool IsEvent(string line) => line.StartsWith('{') && line.Contains("\"event\"", StringComparison.Ordinal);

    private static JsonElement Parse(string line) => JsonSerializer.Deserialize<JsonElement>(line);
}
