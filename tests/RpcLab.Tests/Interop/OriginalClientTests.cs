using RpcLab.Services.Errors;

namespace RpcLab.Tests.Interop;

/// <summary>
/// The original course projects' Python clients, written against their own .proto files and unchanged
/// but for --host/--port, against RpcLab's gRPC server with a fresh data folder: the promise that one
/// IDL lets any language's client talk to any server.
/// </summary>
public sealed class OriginalClientTests
{
    [PeerFact(Peer.PythonGrpc)]
    public async Task ParallelSumClient_PrintsTheOriginalReply()
    {
        await using var server = await OurGrpcServer.StartAsync();
        await using var client = Peers.Start(Peer.PythonGrpc, "python/original_parallel_sum_client.py", "--host", "127.0.0.1", "--port", Port(server));

        var exitCode = await client.WaitForExitAsync();

        Assert.True(exitCode == 0, client.Describe());
        Assert.Equal("sum of array is : [2, 4, 6, 8, 10]\n", client.StandardOutput);
    }

    [PeerFact(Peer.PythonGrpc)]
    public async Task UserClient_GetsCreatesUpdatesAndDeletesAgainstTheSeededUser()
    {
        await using var server = await OurGrpcServer.StartAsync();
        await using var client = Peers.Start(Peer.PythonGrpc, "python/original_user_client.py", "--host", "127.0.0.1", "--port", Port(server));

        var exitCode = await client.WaitForExitAsync();

        Assert.True(exitCode == 0, client.Describe());
        var lines = client.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 4, client.Describe());
        Assert.StartsWith("getUser: id=1 name=John Doe email=", lines[0], StringComparison.Ordinal);
        Assert.Equal("createUser: id=2 name=Jane Smith email=jane.smith@example.com", lines[1]);
        Assert.Equal("updateUser: id=1 name=John Updated email=john.updated@example.com", lines[2]);
        Assert.StartsWith("deleteUser: message=", lines[3], StringComparison.Ordinal);

        // The calls reached the same store RpcLab's own contract serves.
        Assert.Equal("Jane Smith", (await server.Services.Users.GetAsync("2")).Name);
        var deleted = await Assert.ThrowsAsync<RpcException>(() => server.Services.Users.GetAsync("1"));
        Assert.Equal(RpcStatusCode.NotFound, deleted.Status);
    }

    [PeerFact(Peer.PythonGrpc)]
    public async Task UserClient_DeletingAMissingUserFailsWithNotFound()
    {
        await using var server = await OurGrpcServer.StartAsync();
        await server.Services.Users.DeleteAsync("1");
        await using var client = Peers.Start(Peer.PythonGrpc, "python/original_user_client.py", "--host", "127.0.0.1", "--port", Port(server));

        var exitCode = await client.WaitForExitAsync();

        // The original client does not catch errors: grpcio raises, Python prints the status and exits 1.
        Assert.True(exitCode == 1, client.Describe());
        Assert.Contains("StatusCode.NOT_FOUND", client.StandardError, StringComparison.Ordinal);
        Assert.Equal("", client.StandardOutput);
    }

    [PeerFact(Peer.PythonGrpc)]
    public async Task ParallelSumClient_SayingLocalhostAsTheOriginalDid_ReachesTheServer()
    {
        // The original connected to 'localhost'; grpcio tries every address it resolves to (::1 and
        // 127.0.0.1 where both exist), so a server on 127.0.0.1 is found either way.
        await using var server = await OurGrpcServer.StartAsync();
        await using var client = Peers.Start(Peer.PythonGrpc, "python/original_parallel_sum_client.py", "--port", Port(server));

        var exitCode = await client.WaitForExitAsync();

        Assert.True(exitCode == 0, client.Describe());
        Assert.Equal("sum of array is : [2, 4, 6, 8, 10]\n", client.StandardOutput);
    }

    private static string Port(OurGrpcServer server) => server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
