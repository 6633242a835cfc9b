using Microsoft.AspNetCore.Http;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Protos.Echo;

namespace RpcLab.Tests.Grpc;

/// <summary>Our client against HTTP/2 servers that answer badly: each gets a clear status, never a hang or a success.</summary>
public sealed class GrpcClientResponseTests
{
    [Fact]
    public async Task A_response_without_grpc_status_is_internal()
    {
        // Arrange: a message, then the end of the stream with no trailers.
        await using var server = await BrokenGrpcServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(GrpcTestServer.Frame(new EchoReply { Message = "x" }));
        });

        // Act
        var error = await server.CallReverseAsync();

        // Assert
        Assert.Equal(RpcStatusCode.Internal, error.Status);
        Assert.Contains("without a grpc-status", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, RpcStatusCode.Unimplemented)]
    [InlineData(503, RpcStatusCode.Unavailable)]
    [InlineData(401, RpcStatusCode.Unauthenticated)]
    [InlineData(500, RpcStatusCode.Unknown)]
    public async Task An_http_error_without_grpc_status_maps_as_the_spec_says(int httpStatus, RpcStatusCode expected)
    {
        // Arrange
        await using var server = await BrokenGrpcServer.StartAsync(context =>
        {
            context.Response.StatusCode = httpStatus;
            return Task.CompletedTask;
        });

        // Act
        var error = await server.CallReverseAsync();

        // Assert
        Assert.Equal(expected, error.Status);
        Assert.Contains($"HTTP {httpStatus}", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_response_that_is_not_grpc_is_internal()
    {
        // Arrange
        await using var server = await BrokenGrpcServer.StartAsync(async context =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html>hello</html>");
        });

        // Act
        var error = await server.CallReverseAsync();

        // Assert
        Assert.Equal(RpcStatusCode.Internal, error.Status);
        Assert.Contains("text/html", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_response_frame_is_internal()
    {
        // Arrange: the prefix promises 100 bytes, 2 arrive, then OK trailers.
        await using var server = await BrokenGrpcServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(new byte[] { 0, 0, 0, 0, 100, 1, 2 });
            context.Response.AppendTrailer("grpc-status", "0");
        });

        // Act
        var error = await server.CallReverseAsync();

        // Assert
        Assert.Equal(RpcStatusCode.Internal, error.Status);
        Assert.Contains("incomplete message", error.Detail, StringComparison.Ordinal);
    }
}
