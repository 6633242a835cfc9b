using System.Net;
using Google.Protobuf;
using Grpc.Core;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Protos.Echo;
using RpcException = RpcLab.Services.Errors.RpcException;

namespace RpcLab.Tests.Grpc;

/// <summary>Status codes both ways: services' errors to the wire and back, trailers versus trailers-only.</summary>
public sealed class GrpcStatusTests
{
    [Fact]
    public async Task A_service_error_reaches_the_client_with_its_status_and_detail()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.Services.Users.GetAsync("99"));

        // Assert
        Assert.Equal(RpcStatusCode.NotFound, error.Status);
        Assert.Equal("user '99' not found", error.Detail);
    }

    [Fact]
    public async Task A_non_ascii_detail_is_percent_encoded_on_the_wire_and_decoded_by_the_client()
    {
        // Arrange
        const string detail = "bad: é ✓ 100% \r\n second line";
        await using var host = await GrpcTestServer.StartAsync();
        host.Fakes.Echo.OnReverse = _ => throw new RpcException(RpcStatusCode.InvalidArgument, detail);

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.Services.Echo.ReverseAsync("x"));
        var raw = await host.SendRawAsync(GrpcPaths.EchoReverse, GrpcTestServer.Frame(new EchoRequest { Message = "x" }));

        // Assert
        Assert.Equal(RpcStatusCode.InvalidArgument, error.Status);
        Assert.Equal(detail, error.Detail);
        Assert.Equal("bad: %C3%A9 %E2%9C%93 100%25 %0D%0A second line", raw.Message);
    }

    [Fact]
    public async Task An_unexpected_exception_is_internal_error_for_the_client_and_its_type_and_message_only_in_the_log()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();
        host.Fakes.Echo.OnReverse = _ => throw new InvalidOperationException("boom in /srv/secret\nfake line");

        // Act
        var raw = await host.SendRawAsync(GrpcPaths.EchoReverse, [0, 0, 0, 0, 3, 0x0A, 0x01, 0x78]);
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.Services.Echo.ReverseAsync("x"));
        var log = await host.WaitForLoggedCallAsync(c => c.Method == GrpcPaths.EchoReverse && c.Status == RpcStatusCode.Internal);

        // Assert
        Assert.Equal("13", raw.Status);
        Assert.Equal("internal error", Uri.UnescapeDataString(raw.Message!));
        Assert.Equal(RpcStatusCode.Internal, error.Status);
        Assert.Equal("internal error", error.Detail);
        Assert.Contains(log, c => c.Detail == "internal error (InvalidOperationException: boom in /srv/secret | fake line)");
    }

    [Fact]
    public async Task An_error_before_any_message_is_sent_trailers_only()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();

        // Act
        var raw = await host.SendRawAsync(GrpcPaths.UsersGet, GrpcTestServer.Frame(new RpcLab.Transports.Grpc.Protos.Users.UserId { Id = "99" }));

        // Assert
        Assert.Equal(HttpStatusCode.OK, raw.Http);
        Assert.Equal("application/grpc", raw.ContentType);
        Assert.Equal("5", raw.HeaderStatus);
        Assert.Equal("user '99' not found", raw.HeaderMessage);
        Assert.Null(raw.TrailerStatus);
        Assert.Empty(raw.Body);
    }

    [Fact]
    public async Task A_unary_reply_is_one_frame_then_status_ok_in_the_trailers()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();

        // Act
        var raw = await host.SendRawAsync(GrpcPaths.EchoReverse, GrpcTestServer.Frame(new EchoRequest { Message = "hello" }));

        // Assert
        Assert.Equal(HttpStatusCode.OK, raw.Http);
        Assert.Equal("application/grpc", raw.ContentType);
        Assert.Null(raw.HeaderStatus);
        Assert.Equal("0", raw.TrailerStatus);
        Assert.Equal(GrpcTestServer.Frame(new EchoReply { Message = "olleh" }), raw.Body);
    }

    [Fact]
    public async Task An_error_after_stream_items_arrives_in_the_trailers_after_the_items()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();
        host.Fakes.Echo.RepeatFailsAfter = 2;
        var received = new List<string>();

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var item in host.Client.Services.Echo.RepeatAsync("x", 5))
            {
                received.Add(item);
            }
        });
        var raw = await host.SendRawAsync(GrpcPaths.EchoRepeat, GrpcTestServer.Frame(new RepeatRequest { Message = "x", Count = 5 }));

        // Assert
        Assert.Equal(["x #1", "x #2"], received);
        Assert.Equal(RpcStatusCode.DataLoss, error.Status);
        Assert.Equal("failed after 2 items", error.Detail);
        Assert.Null(raw.HeaderStatus);
        Assert.Equal("15", raw.TrailerStatus);
    }

    [Fact]
    public async Task An_unknown_method_is_unimplemented_is_logged_and_the_server_keeps_serving()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();
        var marshaller = Marshallers.Create<EchoRequest>(m => m.ToByteArray(), EchoRequest.Parser.ParseFrom);
        var unknown = new Method<EchoRequest, EchoRequest>(MethodType.Unary, "rpclab.echo.Echo", "Nope", marshaller, marshaller);

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(async () => await host.Client.CallInvoker.AsyncUnaryCall(unknown, null, default, new EchoRequest()));
        var raw = await host.SendRawAsync("/no.Such/Method", GrpcTestServer.Frame(new EchoRequest()));
        var next = await host.Client.Services.Echo.ReverseAsync("ok");
        var log = await host.WaitForLoggedCallAsync(c => c.Method == "/no.Such/Method");

        // Assert
        Assert.Equal(RpcStatusCode.Unimplemented, error.Status);
        Assert.Equal("12", raw.HeaderStatus);
        Assert.Equal("ko", next);
        Assert.Contains(log, c => c.Method == "/rpclab.echo.Echo/Nope" && c.Status == RpcStatusCode.Unimplemented);
        Assert.Contains(log, c => c.Method == "/no.Such/Method" && c.Status == RpcStatusCode.Unimplemented);
    }

    [Fact]
    public async Task A_wrong_content_type_is_http_415()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();

        // Act
        var json = await host.SendRawAsync(GrpcPaths.EchoReverse, "{}"u8.ToArray(), "application/json");
        var grpcWeb = await host.SendRawAsync(GrpcPaths.EchoReverse, GrpcTestServer.Frame(new EchoRequest()), "application/grpc-web");
        var proto = await host.SendRawAsync(GrpcPaths.EchoReverse, GrpcTestServer.Frame(new EchoRequest { Message = "ab" }), "application/grpc+proto");
        var log = await host.WaitForLoggedCallAsync(c => c.Status == RpcStatusCode.Internal);
        var next = await host.Client.Services.Echo.ReverseAsync("ok");

        // Assert
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.Http);
        Assert.Equal("13", json.HeaderStatus);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, grpcWeb.Http);
        Assert.Equal("0", proto.TrailerStatus);
        Assert.Contains(log, c => c.Method == GrpcPaths.EchoReverse && c.Status == RpcStatusCode.Internal && c.Detail!.Contains("application/json", StringComparison.Ordinal));
        Assert.Equal("ko", next);
    }

    [Fact]
    public async Task A_get_request_is_not_served_and_the_server_keeps_serving()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();

        // Act: gRPC calls are POST requests; ASP.NET Core's routing refuses anything else.
        using var response = await host.Raw.GetAsync(GrpcPaths.EchoReverse);
        var next = await host.Client.Services.Echo.ReverseAsync("ok");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ko", next);
    }

    [Fact]
    public async Task The_call_log_records_each_call_once_with_path_status_and_peer()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();

        // Act
        await host.Client.Services.Echo.ReverseAsync("a");
        await Assert.ThrowsAsync<RpcException>(() => host.Client.Services.Users.GetAsync("42"));
        var log = await host.WaitForLoggedCallAsync(c => c.Method == "/rpclab.users.Users/Get");

        // Assert
        Assert.Collection(
            log,
            ok =>
            {
                Assert.Equal(("grpc", "/rpclab.echo.Echo/Reverse", RpcStatusCode.OK), (ok.Transport, ok.Method, ok.Status));
                Assert.StartsWith("127.0.0.1:", ok.Peer, StringComparison.Ordinal);
                Assert.True(ok.Elapsed > TimeSpan.Zero);
            },
            failed =>
            {
                Assert.Equal(("/rpclab.users.Users/Get", RpcStatusCode.NotFound, "user '42' not found"), (failed.Method, failed.Status, failed.Detail));
            });
    }

    [Fact]
    public async Task A_client_of_a_port_nobody_listens_on_gets_unavailable()
    {
        // Arrange: start and stop a server to get a port that is (almost certainly) closed now.
        int port;
        await using (var host = await GrpcTestServer.StartAsync())
        {
            port = host.Server.Port;
        }

        await using var client = RpcLab.Transports.Grpc.Client.GrpcClient.Create(new RpcLab.Transports.Hosting.ClientOptions { Port = port });

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => client.Services.Echo.ReverseAsync("x"));

        // Assert
        Assert.Equal(RpcStatusCode.Unavailable, error.Status);
    }
}
