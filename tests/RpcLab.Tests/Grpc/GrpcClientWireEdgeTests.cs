using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Protos.Echo;

namespace RpcLab.Tests.Grpc;

/// <summary>
/// Our client against what real servers and proxies do on the wire: stream resets, trailers-only answers,
/// cardinality violations, GOAWAY, connection reuse and the deadline header.
/// </summary>
public sealed class GrpcClientWireEdgeTests
{
    /// <summary>The RST_STREAM error codes and the status the gRPC HTTP/2 protocol document maps each to.</summary>
    public static TheoryData<int, RpcStatusCode> ResetCodes => new()
    {
        { 0x0, RpcStatusCode.Internal }, // NO_ERROR before any status
        { 0x1, RpcStatusCode.Internal }, // PROTOCOL_ERROR
        { 0x2, RpcStatusCode.Internal }, // INTERNAL_ERROR
        { 0x3, RpcStatusCode.Internal }, // FLOW_CONTROL_ERROR
        { 0x7, RpcStatusCode.Unavailable }, // REFUSED_STREAM
        { 0x8, RpcStatusCode.Cancelled }, // CANCEL
        { 0xB, RpcStatusCode.ResourceExhausted }, // ENHANCE_YOUR_CALM
        { 0xC, RpcStatusCode.PermissionDenied }, // INADEQUATE_SECURITY
    };

    [Theory]
    [MemberData(nameof(ResetCodes))]
    public async Task A_stream_reset_before_the_headers_maps_as_the_spec_says(int http2Code, RpcStatusCode expected)
    {
        // Arrange
        await using var server = await BrokenGrpcServer.StartAsync(context =>
        {
            context.Features.GetRequiredFeature<IHttpResetFeature>().Reset(http2Code);
            return Task.CompletedTask;
        });

        // Act
        var error = await server.CallReverseAsync();

        // Assert
        Assert.True(expected == error.Status, $"RST_STREAM {http2Code}: {error.Status} {error.Detail}");
    }

    [Theory]
    [MemberData(nameof(ResetCodes))]
    public async Task A_stream_reset_after_a_message_maps_as_the_spec_says(int http2Code, RpcStatusCode expected)
    {
        // Arrange: headers and one stream item go out, then the stream is reset instead of trailers.
        await using var server = await BrokenGrpcServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(GrpcTestServer.Frame(new EchoReply { Message = "item" }));
            await context.Response.Body.FlushAsync();
            await Task.Delay(100);
            context.Features.GetRequiredFeature<IHttpResetFeature>().Reset(http2Code);
        });
        var received = new List<string>();

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var item in server.Client.Services.Echo.RepeatAsync("x", 3))
            {
                received.Add(item);
            }
        });

        // Assert
        Assert.Equal(["item"], received);
        Assert.True(expected == error.Status, $"RST_STREAM {http2Code}: {error.Status} {error.Detail}");
    }

    [Fact]
    public async Task A_trailers_only_answer_without_content_type_still_carries_its_status()
    {
        // Arrange: HTTP 200, grpc-status and grpc-message in the only HEADERS frame, no content-type (as some proxies send).
        await using var server = await BrokenGrpcServer.StartAsync(context =>
        {
            context.Response.Headers["grpc-status"] = "5";
            context.Response.Headers["grpc-message"] = "gone %C3%A9";
            return Task.CompletedTask;
        });

        // Act
        var error = await server.CallReverseAsync();

        // Assert
        Assert.Equal(RpcStatusCode.NotFound, error.Status);
        Assert.Equal("gone é", error.Detail);
    }

    [Fact]
    public async Task A_unary_answer_with_ok_but_no_message_is_unimplemented()
    {
        // Arrange: a response cardinality violation (statuscodes.md: UNIMPLEMENTED, generated at the client).
        await using var server = await BrokenGrpcServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.FlushAsync();
            context.Response.AppendTrailer("grpc-status", "0");
        });

        // Act
        var error = await server.CallReverseAsync();

        // Assert
        Assert.Equal(RpcStatusCode.Unimplemented, error.Status);
        Assert.Contains("without a response message", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_unary_answer_with_two_messages_is_unimplemented()
    {
        // Arrange
        await using var server = await BrokenGrpcServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(GrpcTestServer.Frame(new EchoReply { Message = "one" }));
            await context.Response.Body.WriteAsync(GrpcTestServer.Frame(new EchoReply { Message = "two" }));
            context.Response.AppendTrailer("grpc-status", "0");
        });

        // Act
        var error = await server.CallReverseAsync();

        // Assert
        Assert.Equal(RpcStatusCode.Unimplemented, error.Status);
        Assert.Contains("more than one message", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sequential_calls_share_one_connection()
    {
        // Arrange
        var connections = new ConcurrentDictionary<string, int>();
        await using var server = await BrokenGrpcServer.StartAsync(async context =>
        {
            connections.AddOrUpdate(context.Connection.Id, 1, (_, n) => n + 1);
            await AnswerAsync(context, "ok");
        });

        // Act
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal("ok", await server.Client.Services.Echo.ReverseAsync("x"));
        }

        // Assert
        Assert.Equal(200, Assert.Single(connections).Value);
    }

    [Fact]
    public async Task A_goaway_from_the_server_moves_later_calls_to_a_new_connection()
    {
        // Arrange: every answer is followed by a graceful GOAWAY, so each call finds its connection closing.
        var connections = new ConcurrentDictionary<string, int>();
        await using var server = await BrokenGrpcServer.StartAsync(async context =>
        {
            connections.AddOrUpdate(context.Connection.Id, 1, (_, n) => n + 1);
            await AnswerAsync(context, "ok");
            context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
        });

        // Act
        var replies = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            replies.Add(await server.Client.Services.Echo.ReverseAsync("x"));
        }

        // Assert
        Assert.Equal(Enumerable.Repeat("ok", 5), replies);
        Assert.True(connections.Count > 1, $"a GOAWAY must make the client open a new connection; saw {connections.Count}");
    }

    [Fact]
    public async Task The_call_deadline_travels_as_grpc_timeout_rounded_up()
    {
        // Arrange
        var seen = new ConcurrentQueue<string>();
        await using var server = await BrokenGrpcServer.StartAsync(async context =>
        {
            seen.Enqueue(context.Request.Headers["grpc-timeout"].ToString());
            await AnswerAsync(context, "ok");
        });
        var withDeadline = server.Client.With(new RpcLab.Transports.Hosting.CallOptions { Timeout = TimeSpan.FromSeconds(7) });
        var withoutDeadline = server.Client.With(new RpcLab.Transports.Hosting.CallOptions());

        // Act
        await withDeadline.Echo.ReverseAsync("x");
        await withoutDeadline.Echo.ReverseAsync("x");

        // Assert: what is left of 7 s when the request is sent, in whole milliseconds, never more than 7 s.
        var headers = seen.ToArray();
        Assert.Equal(2, headers.Length);
        Assert.Matches("^[0-9]{1,8}m$", headers[0]);
        Assert.InRange(int.Parse(headers[0][..^1], System.Globalization.CultureInfo.InvariantCulture), 1, 7000);
        Assert.Equal(string.Empty, headers[1]);
    }

    private static async Task AnswerAsync(HttpContext context, string message)
    {
        context.Response.ContentType = "application/grpc";
        await context.Response.Body.WriteAsync(GrpcTestServer.Frame(new EchoReply { Message = message }));
        context.Response.AppendTrailer("grpc-status", "0");
    }
}
