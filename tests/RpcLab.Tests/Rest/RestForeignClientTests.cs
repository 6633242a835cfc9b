using System.Globalization;
using System.Text.Json;
using RpcLab.Tests.Infrastructure;
using RpcLab.Tests.Interop;
using RpcLab.Transports.Grpc;

namespace RpcLab.Tests.Rest;

/// <summary>
/// The rest transport driven by a foreign HTTP client (tests/peers/python/rest_client.py: Python's urllib, no generated
/// code): resource URLs, JSON bodies, and HTTP status codes with the gRPC status in the error body.
/// </summary>
public sealed class RestForeignClientTests
{
    [PeerFact(Peer.PythonGrpc)]
    public async Task Python_urllib_creates_reads_updates_and_deletes_users_and_gets_http_errors()
    {
        // Arrange
        await using var server = await TestServer.StartAsync(new RestTransport());
        await using var client = Peers.Start(Peer.PythonGrpc, "python/rest_client.py", "--base", $"http://127.0.0.1:{server.Port.ToString(CultureInfo.InvariantCulture)}");

        // Act
        var exitCode = await client.WaitForExitAsync();

        // Assert
        Assert.True(exitCode == 0, client.Describe());
        using var document = JsonDocument.Parse(client.StandardOutput);
        var steps = document.RootElement.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(
            [200, 200, 200, 200, 404, 400, 200, 200],
            steps.Select(s => s.GetProperty("status").GetInt32()));
        Assert.Equal(("1", "John Doe", "john.doe@example.com"), User(steps[0]));
        Assert.Equal(("2", "Ada", "ada@example.org"), User(steps[1]));
        Assert.Equal(("2", "Ada L.", "ada@lovelace.org"), User(steps[2]));
        Assert.Equal(["1", "2"], steps[3].GetProperty("body").GetProperty("users").EnumerateArray().Select(u => u.GetProperty("id").GetString()));
        Assert.Equal(5, steps[4].GetProperty("body").GetProperty("code").GetInt32());
        Assert.Contains("99", steps[4].GetProperty("body").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, steps[5].GetProperty("body").GetProperty("code").GetInt32());
        Assert.Empty(steps[6].GetProperty("body").EnumerateObject());
        Assert.Equal(["hi #1", "hi #2"], steps[7].GetProperty("body").EnumerateArray().Select(m => m.GetProperty("message").GetString()));
        await Assert.ThrowsAsync<RpcLab.Services.Errors.RpcException>(() => server.Services.Users.GetAsync("2"));
    }

    private static (string?, string?, string?) User(JsonElement step)
    {
        var body = step.GetProperty("body");
        return (body.GetProperty("id").GetString(), body.GetProperty("name").GetString(), body.GetProperty("email").GetString());
    }
}
