using System.Collections.Concurrent;
using System.Text;
using RpcLab.Services.Errors;
using RpcLab.Tests.Cli;
using RpcLab.Tests.Infrastructure;
using RpcLab.Transports.Grpc;
using RpcLab.Transports.Grpc.Server;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Rest;

/// <summary>The rest transport from the command line, beside gRPC in one process, and on the wire tap.</summary>
public sealed class RestTransportTests
{
    [Fact]
    public async Task Rpclab_call_users_get_works_over_rest_like_the_other_transports()
    {
        // Arrange
        await using var server = await CliServer.StartAsync("rest");

        // Act
        var found = await Cli.Cli.RunAsync(["call", "users.get", "1", .. server.Endpoint]);
        var missing = await Cli.Cli.RunAsync(["call", "users.get", "999", .. server.Endpoint]);

        // Assert
        Assert.True(found.ExitCode == 0, found.Error);
        Assert.Contains("\"name\": \"John Doe\"", found.Output, StringComparison.Ordinal);
        Assert.Equal(6, missing.ExitCode);
        Assert.StartsWith("error: NotFound: no user with id", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grpc_server_with_a_rest_port_serves_both_on_the_same_services()
    {
        // Arrange
        await using var server = await TestServer.StartAsync(new GrpcTransport(restPort: 0), new TestServerOptions { Client = new ClientOptions() });
        var restPort = ((GrpcServer)server.Server).RestPort!.Value;
        await using var rest = await new RestTransport().ConnectAsync(new ClientOptions { Port = restPort });

        // Act
        var created = await server.Client.Services.Users.CreateAsync("Ada", "ada@example.org");
        var seenOverRest = await rest.Services.Users.GetAsync(created.Id);
        var logged = await server.WaitForCallsAsync(c => c.Transport == "rest");

        // Assert
        Assert.NotEqual(server.Port, restPort);
        Assert.Equal(created, seenOverRest);
        Assert.Contains(logged, c => c.Transport == "grpc" && c.Method == "/rpclab.users.Users/Create");
        Assert.Contains(logged, c => c.Transport == "rest" && c.Method == $"GET /v1/users/{created.Id}" && c.Status == RpcStatusCode.OK);
    }

    [Fact]
    public async Task An_upload_over_rest_is_refused_with_its_reason_even_when_it_can_be_cancelled()
    {
        // Arrange
        await using var server = await TestServer.StartAsync(new RestTransport(), new TestServerOptions { Client = new ClientOptions() });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        // Act
        var refused = await Assert.ThrowsAsync<RpcException>(() => server.Client.Services.Files.UploadAsync("a.bin", OneChunk(), cancellation.Token));

        // Assert: the library's "Cancellation of stream writes is not supported" used to hide this reason.
        Assert.Equal(RpcStatusCode.Unimplemented, refused.Status);
        Assert.Contains("maps only unary and server-streaming methods to REST", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_wire_tap_shows_the_http_request_and_response_of_a_call()
    {
        // Arrange
        var seen = new ConcurrentQueue<(WireDirection Direction, string Text)>();
        await using var server = await TestServer.StartAsync(new RestTransport(), new TestServerOptions
        {
            Client = new ClientOptions { WireTap = (d, b) => seen.Enqueue((d, Encoding.UTF8.GetString(b.Span))) },
        });

        // Act
        await server.Client.Services.Echo.ReverseAsync("hello");

        // Assert
        Assert.Collection(
            seen,
            sent =>
            {
                Assert.Equal(WireDirection.Sent, sent.Direction);
                Assert.StartsWith("POST /v1/echo:reverse HTTP/1.1\r\n", sent.Text, StringComparison.Ordinal);
                Assert.EndsWith("\r\n\r\n{ \"message\": \"hello\" }", sent.Text, StringComparison.Ordinal);
            },
            received =>
            {
                Assert.Equal(WireDirection.Received, received.Direction);
                Assert.StartsWith("HTTP/1.1 200 OK\r\n", received.Text, StringComparison.Ordinal);
                Assert.EndsWith("\r\n\r\n{\"message\":\"olleh\"}", received.Text, StringComparison.Ordinal);
            });
    }

    private static async IAsyncEnumerable<byte[]> OneChunk()
    {
        await Task.Yield();
        yield return [1, 2, 3];
    }
}
