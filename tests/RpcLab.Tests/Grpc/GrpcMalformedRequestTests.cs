using System.Buffers.Binary;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Grpc;

/// <summary>
/// Broken frames, request cardinality violations and messages over the size limit get a clean non-OK status (from
/// grpc-dotnet, before any handler runs), never a hang, and the server keeps serving.
/// </summary>
public sealed class GrpcMalformedRequestTests
{
    public static TheoryData<string, string, byte[]> BrokenBodies => new()
    {
        { "length prefix larger than the body", GrpcPaths.EchoReverse, [0, 0, 0, 0, 100, 1, 2, 3] },
        { "truncated frame header", GrpcPaths.EchoReverse, [0, 0, 0] },
        { "compressed flag set without a grpc-encoding", GrpcPaths.EchoReverse, [1, 0, 0, 0, 0] },
        { "bytes that are not protobuf", GrpcPaths.EchoReverse, [0, 0, 0, 0, 2, 0xFF, 0xFF] },
        { "unary, no message", GrpcPaths.EchoReverse, [] },
        { "unary, two messages", GrpcPaths.EchoReverse, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
        { "server streaming, no message", GrpcPaths.EchoRepeat, [] },
    };

    [Theory]
    [MemberData(nameof(BrokenBodies))]
    public async Task A_broken_request_gets_a_status_and_the_server_keeps_serving(string what, string path, byte[] body)
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();

        // Act
        var raw = await host.SendRawAsync(path, body).WaitAsync(TimeSpan.FromSeconds(30));
        var next = await host.Client.Services.Echo.ReverseAsync("ok");
        var log = await host.WaitForLoggedCallAsync(c => c.Method == path);

        // Assert
        Assert.True(raw.Status is not null and not "0", $"{what}: status {raw.Status} ({raw.Message})");
        Assert.Contains(log, c => c.Method == path && c.Status != RpcStatusCode.OK);
        Assert.Equal("ko", next);
    }

    public static TheoryData<string> EveryShape => [GrpcPaths.EchoReverse, GrpcPaths.EchoRepeat, GrpcPaths.EchoCollect, "/rpclab.echo.Echo/Chat"];

    [Theory]
    [MemberData(nameof(EveryShape))]
    public async Task A_message_that_is_not_protobuf_is_invalid_argument_with_a_reason_in_every_call_shape(string path)
    {
        // Arrange: field 1, length-delimited, length 5, then only 2 bytes; and 0xFF 0xFF is no tag protobuf knows.
        await using var host = await GrpcTestServer.StartAsync();
        byte[] body = [0, 0, 0, 0, 4, 0x0A, 0x05, 0xFF, 0xFF];

        // Act
        var raw = await host.SendRawAsync(path, body).WaitAsync(TimeSpan.FromSeconds(30));
        var log = await host.WaitForLoggedCallAsync(c => c.Method == path);
        var next = await host.Client.Services.Echo.ReverseAsync("ok");

        // Assert
        Assert.True(raw.Status == "3", $"{path}: status {raw.Status} ({raw.Message})");
        Assert.Equal("the request message could not be read: it is not valid protobuf for this method", Uri.UnescapeDataString(raw.Message!));
        Assert.Contains(log, c => c.Method == path && c.Status == RpcStatusCode.InvalidArgument);
        Assert.Equal("ko", next);
    }

    [Fact]
    public async Task A_request_larger_than_the_limit_is_refused_from_its_prefix_alone()
    {
        // Arrange: the prefix announces 1 GiB and nothing follows; a server that buffered first would wait forever.
        await using var host = await GrpcTestServer.StartAsync(new ServerOptions { MaxMessageSize = 1024 });
        var prefix = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), 1 << 30);

        // Act
        var raw = await host.SendRawAsync(GrpcPaths.EchoReverse, prefix).WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.Equal("8", raw.Status);
        Assert.Contains("exceeds the maximum configured message size", Uri.UnescapeDataString(raw.Message!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_request_from_our_client_is_resource_exhausted_on_the_server()
    {
        // Arrange: the client allows big messages, the server does not.
        await using var host = await GrpcTestServer.StartAsync(new ServerOptions { MaxMessageSize = 1024 });

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.Services.Echo.ReverseAsync(new string('x', 4096)));
        var next = await host.Client.Services.Echo.ReverseAsync("ok");

        // Assert
        Assert.Equal(RpcStatusCode.ResourceExhausted, error.Status);
        Assert.Equal("ko", next);
    }

    [Fact]
    public async Task An_oversized_response_is_resource_exhausted_on_the_server()
    {
        // Arrange: each request message fits, the joined reply does not.
        await using var host = await GrpcTestServer.StartAsync(new ServerOptions { MaxMessageSize = 1024 });
        var parts = Enumerable.Repeat(new string('y', 600), 3).ToAsyncEnumerable();

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.Services.Echo.CollectAsync(parts));

        // Assert
        Assert.Equal(RpcStatusCode.ResourceExhausted, error.Status);
        Assert.Contains("Sending message exceeds the maximum configured message size", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_limit_applies_to_what_it_receives_and_what_it_sends()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync(clientOptions: new ClientOptions { MaxMessageSize = 100 });

        // Act
        var receiving = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.Services.Echo.CollectAsync(Enumerable.Repeat(new string('z', 40), 3).ToAsyncEnumerable()));
        var sending = await Assert.ThrowsAsync<RpcException>(() => host.Client.Services.Echo.ReverseAsync(new string('z', 200)));
        var streamingSend = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.Services.Echo.CollectAsync(new[] { "small", new string('z', 200) }.ToAsyncEnumerable()));

        // Assert
        Assert.Equal(RpcStatusCode.ResourceExhausted, receiving.Status);
        Assert.Contains("Received message exceeds the maximum configured message size", receiving.Detail, StringComparison.Ordinal);
        Assert.Equal(RpcStatusCode.ResourceExhausted, sending.Status);
        Assert.Contains("Sending message exceeds the maximum configured message size", sending.Detail, StringComparison.Ordinal);
        Assert.Equal(RpcStatusCode.ResourceExhausted, streamingSend.Status);
        Assert.Equal("ok", await host.Client.Services.Echo.ReverseAsync("ko"));
    }

    [Fact]
    public async Task A_client_stream_that_fails_ends_the_call_with_its_error()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.Services.Echo.CollectAsync(Failing()));

        // Assert
        Assert.Equal(RpcStatusCode.InvalidArgument, error.Status);
        Assert.Equal("the caller's stream failed", error.Detail);
        Assert.Equal("ok", await host.Client.Services.Echo.ReverseAsync("ko"));

        static async IAsyncEnumerable<string> Failing()
        {
            yield return "first";
            await Task.Delay(50);
            throw RpcException.InvalidArgument("the caller's stream failed");
        }
    }
}
