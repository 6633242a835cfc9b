using System.Text.Json;

namespace RpcLab.Tests.Interop;

/// <summary>
/// Runs one scenario of a foreign gRPC client (tests/peers/python/grpc_client.py or
/// tests/peers/node/grpc_client.mjs: same arguments, one JSON line out) against a fresh
/// <see cref="OurGrpcServer"/>, and hands back what the client saw. Stateless; thread-safe.
/// </summary>
public static class GrpcClientScenario
{
    public static async Task<JsonElement> RunAsync(Peer client, string scenario)
    {
        // Before the server starts, so a missing required peer is the failure the test reports.
        Peers.EnsureAvailable(client);
        await using var server = await OurGrpcServer.StartAsync();
        return await RunAsync(client, scenario, server);
    }

    public static async Task<JsonElement> RunAsync(Peer client, string scenario, OurGrpcServer server)
    {
        var script = client switch
        {
            Peer.PythonGrpc => "python/grpc_client.py",
            Peer.NodeGrpc => "node/grpc_client.mjs",
            _ => throw new ArgumentException($"{client} is not a gRPC client peer", nameof(client)),
        };
        await using var peer = Peers.Start(client, script, "--target", server.Target, "--case", scenario);
        var exitCode = await peer.WaitForExitAsync();
        Assert.True(exitCode == 0, $"the {client} client did not complete scenario '{scenario}'\n{peer.Describe()}");

        var line = peer.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        Assert.True(line is not null && line.StartsWith('{'), $"the {client} client printed no JSON line\n{peer.Describe()}");
        using var document = JsonDocument.Parse(line);
        var result = document.RootElement.Clone();
        Assert.Equal(scenario, result.GetProperty("case").GetString());
        return result;
    }
}
