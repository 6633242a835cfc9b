using System.Text.Json;
using RpcLab.Tests.Infrastructure;

namespace RpcLab.Tests.Interop;

/// <summary>
/// Runs one scenario of the foreign zerorpc client (tests/peers/python/zerorpc_client.py, pyzmq + msgpack)
/// against a fresh zerorpc server of ours, and hands back the JSON line of what the client saw together with
/// the server's call log. Stateless; thread-safe.
/// </summary>
public static class ZeroRpcClientScenario
{
    public static async Task<(JsonElement Seen, TestServer Server)> RunAsync(string scenario)
    {
        // Before the server starts, so a missing required peer is the failure the test reports.
        Peers.EnsureAvailable(Peer.PythonZeroRpc);
        var server = await TestServer.StartAsync("zerorpc");
        try
        {
            await using var peer = Peers.Start(Peer.PythonZeroRpc, "python/zerorpc_client.py", "--endpoint", $"tcp://{server.Host}:{server.Port}", "--case", scenario);
            var exitCode = await peer.WaitForExitAsync();
            Assert.True(exitCode == 0, $"the Python zerorpc client did not complete scenario '{scenario}'\n{peer.Describe()}");

            var line = peer.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            Assert.True(line is not null && line.StartsWith('{'), $"the Python zerorpc client printed no JSON line\n{peer.Describe()}");
            using var document = JsonDocument.Parse(line);
            var seen = document.RootElement.Clone();
            Assert.Equal(scenario, seen.GetProperty("case").GetString());
            return (seen, server);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }
}
