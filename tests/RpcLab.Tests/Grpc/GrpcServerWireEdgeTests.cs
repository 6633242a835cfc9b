using System.Net.Sockets;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Methods;
using RpcLab.Transports.Grpc.Protocol;
using RpcLab.Transports.Grpc.Protos.Echo;

namespace RpcLab.Tests.Grpc;

/// <summary>
/// The server against requests real clients and hand-made ones send: cardinality violations, framing that
/// does not line up with DATA frames, deadlines that have already passed, metadata, and status messages
/// too long for a client's header limit.
/// </summary>
public sealed class GrpcServerWireEdgeTests
{
    public static TheoryData<string, string, byte[], string> CardinalityViolations => new()
    {
        { "unary, no message", EchoMethods.Reverse.FullName, [], "without a message" },
        { "unary, two messages", EchoMethods.Reverse.FullName, [.. Frame("a"), .. Frame("b")], "more than one message" },
        { "unary, two empty messages", EchoMethods.Reverse.FullName, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "more than one message" },
        { "server streaming, no message", EchoMethods.Repeat.FullName, [], "without a message" },
    };

    [Theory]
    [MemberData(nameof(CardinalityViolations))]
    public async Task A_request_cardinality_violation_is_unimplemented_and_the_server_keeps_serving(string what, string path, byte[] body, string expectedDetail)
    {
        // Arrange: statuscodes.md, "Request cardinality violation ... UNIMPLEMENTED, generated at the server".
        await using var host = await GrpcTestServer.StartAsync();

        // Act
        var raw = await host.SendRawAsync(path, body).WaitAsync(TimeSpan.FromSeconds(30));
        var next = await host.Client.Services.Echo.ReverseAsync("ok");

        // Assert
        Assert.True(raw.Status == "12", $"{what}: status {raw.Status} ({raw.Message})");
        Assert.Contains(expectedDetail, raw.Message, StringComparison.Ordinal);
        Assert.Equal("ko", next);
    }

    [Fact]
    public async Task A_message_split_over_many_data_frames_and_several_messages_in_one_frame_are_read_alike()
    {
        // Arrange: a 100 KB message spans several 16 KB DATA frames; a client stream of three messages, two of them
        // empty, fits in one DATA frame.
        await using var host = await GrpcTestServer.StartAsync();
        var big = new string('x', 100_000) + "y";

        // Act
        var unary = await host.SendRawAsync(EchoMethods.Reverse.FullName, Frame(big));
        var stream = await host.SendRawAsync(EchoMethods.Collect.FullName, [.. Frame(string.Empty), .. Frame("a"), .. Frame(string.Empty), .. Frame("b")]);

        // Assert
        Assert.Equal("0", unary.TrailerStatus);
        Assert.Equal(GrpcTestServer.Frame(new EchoReply { Message = "y" + new string('x', 100_000) }), unary.Body);
        Assert.Equal("0", stream.TrailerStatus);
        Assert.Equal(GrpcTestServer.Frame(new EchoReply { Message = " a  b" }), stream.Body);
    }

    [Theory]
    [InlineData("0n")]
    [InlineData("99n")]
    [InlineData("0S")]
    [InlineData("0H")]
    public async Task A_deadline_that_has_already_passed_is_deadline_exceeded_without_running_the_handler(string timeout)
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();
        var ran = false;
        host.Fakes.Echo.OnReverse = m =>
        {
            ran = true;
            return m;
        };

        // Act
        var raw = await host.SendRawAsync(EchoMethods.Reverse.FullName, Frame("x"), configure: r => r.Headers.TryAddWithoutValidation("grpc-timeout", timeout));

        // Assert
        Assert.Equal("4", raw.Status);
        Assert.False(ran, "a call whose deadline has passed on arrival must not run");
    }

    [Theory]
    [InlineData("1H")]
    [InlineData("100n")]
    [InlineData("99999999H")]
    [InlineData("1u")]
    public async Task Every_timeout_unit_and_the_largest_value_are_accepted(string timeout)
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();
        host.Fakes.Echo.OnReverse = m => m;

        // Act: 100n and 1u are only just positive, so a fast call may finish or exceed them; both are honest answers.
        var raw = await host.SendRawAsync(EchoMethods.Reverse.FullName, Frame("x"), configure: r => r.Headers.TryAddWithoutValidation("grpc-timeout", timeout));

        // Assert
        Assert.Contains(raw.Status, timeout is "100n" or "1u" ? new[] { "0", "4" } : new[] { "0" });
    }

    [Fact]
    public async Task Custom_and_binary_metadata_and_a_missing_te_header_do_not_disturb_the_call()
    {
        // Arrange
        await using var host = await GrpcTestServer.StartAsync();

        // Act
        var raw = await host.SendRawAsync(EchoMethods.Reverse.FullName, Frame("ab"), configure: r =>
        {
            r.Headers.TE.Clear();
            r.Headers.TryAddWithoutValidation("x-user", "alice");
            r.Headers.TryAddWithoutValidation("trace-bin", "AAEC");
            r.Headers.TryAddWithoutValidation("grpc-accept-encoding", "gzip, identity");
            r.Headers.TryAddWithoutValidation("grpc-encoding", "identity");
        });

        // Assert
        Assert.Equal("0", raw.TrailerStatus);
        Assert.Equal(GrpcTestServer.Frame(new EchoReply { Message = "ba" }), raw.Body);
    }

    [Theory]
    [InlineData(20_000, 'x')]
    [InlineData(20_000, 'é')]
    [InlineData(100_000, '%')]
    public async Task A_long_status_message_is_cut_to_fit_a_clients_header_limit(int length, char fill)
    {
        // Arrange: gRPC clients cap a response's headers at 8 KiB by default (PROTOCOL-HTTP2.md); grpc-core turns a
        // larger trailers-only answer into RESOURCE_EXHAUSTED and the real status is lost.
        await using var host = await GrpcTestServer.StartAsync();
        var detail = "bad: " + new string(fill, length);
        host.Fakes.Echo.OnReverse = _ => throw RpcException.InvalidArgument(detail);

        // Act
        var raw = await host.SendRawAsync(EchoMethods.Reverse.FullName, Frame("x"));
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.Services.Echo.ReverseAsync("x"));

        // Assert
        Assert.Equal("3", raw.HeaderStatus);
        Assert.InRange(raw.HeaderMessage!.Length, 100, 4096);
        Assert.Matches("^(%[0-9A-F]{2}|[\x20-\x24\x26-\x7E])*$", raw.HeaderMessage);
        Assert.Equal(RpcStatusCode.InvalidArgument, error.Status);
        Assert.StartsWith("bad: " + fill, error.Detail, StringComparison.Ordinal);
        Assert.EndsWith("[truncated]", error.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', error.Detail);
    }

    [Fact]
    public async Task A_client_whose_connection_vanishes_mid_stream_stops_the_handler_and_others_are_served()
    {
        // Arrange: a client of its own connection, as a process that dies takes its socket with it (no RST_STREAM).
        await using var host = await GrpcTestServer.StartAsync();
        Socket? socket = null;
        using var vanishing = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
        var request = GrpcTestServer.RawRequest(EchoMethods.Repeat.FullName, GrpcTestServer.Frame(new RepeatRequest { Message = "t", Count = 10_000, IntervalMs = 10 }));
        request.RequestUri = new Uri(host.Raw.BaseAddress!, EchoMethods.Repeat.FullName);
        using var response = await vanishing.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStreamAsync();
        var firstFrame = new byte[5];
        await body.ReadExactlyAsync(firstFrame);

        // Act
        socket!.Dispose();
        await host.Fakes.Echo.RepeatStopped.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var next = await host.Client.Services.Echo.ReverseAsync("alive");
        var logged = await host.WaitForLoggedCallAsync(c => c.Method == EchoMethods.Repeat.FullName);

        // Assert
        Assert.Equal(0, firstFrame[0]);
        Assert.Equal("evila", next);
        Assert.Contains(logged, c => c.Method == EchoMethods.Repeat.FullName && c.Status == RpcStatusCode.Cancelled);
    }

    [Theory]
    [InlineData(5000, "a")]
    [InlineData(5000, "\u00e9")]
    [InlineData(3000, "\U0001F600")]
    [InlineData(9000, "%")]
    public void The_encoded_status_message_stays_within_its_limit_and_cuts_only_between_characters(int count, string unit)
    {
        // Arrange: the same encoding serves the trailers and the trailers-only headers.
        var text = string.Concat(Enumerable.Repeat(unit, count));

        // Act
        var wire = GrpcStatusMessage.Encode(text);
        var decoded = GrpcStatusMessage.Decode(wire);

        // Assert
        Assert.InRange(wire.Length, GrpcStatusMessage.MaxEncodedLength - 16, GrpcStatusMessage.MaxEncodedLength);
        Assert.EndsWith(" [truncated]", decoded, StringComparison.Ordinal);
        var kept = decoded[..^" [truncated]".Length];
        Assert.Equal(0, kept.Length % unit.Length);
        Assert.Equal(string.Concat(Enumerable.Repeat(unit, kept.Length / unit.Length)), kept);
    }

    [Fact]
    public void A_status_message_within_the_limit_is_kept_whole()
    {
        // Arrange
        var text = new string('\u00e9', (GrpcStatusMessage.MaxEncodedLength / 6) - 1);

        // Act
        var decoded = GrpcStatusMessage.Decode(GrpcStatusMessage.Encode(text));

        // Assert
        Assert.Equal(text, decoded);
    }

    private static byte[] Frame(string message) => GrpcTestServer.Frame(new EchoRequest { Message = message });
}
