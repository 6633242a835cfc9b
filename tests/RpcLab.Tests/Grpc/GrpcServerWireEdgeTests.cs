using System.Net.Sockets;
using System.Text;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Errors;
using RpcLab.Transports.Grpc.Protos.Echo;

namespace RpcLab.Tests.Grpc;

/// <summary>
/// The server against what real clients do at the edges: status messages too long for a client's header limit, and a
/// client whose connection vanishes mid-stream.
/// </summary>
public sealed class GrpcServerWireEdgeTests
{
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
        var raw = await host.SendRawAsync(GrpcPaths.EchoReverse, Frame("x"));
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
        var request = GrpcTestServer.RawRequest(GrpcPaths.EchoRepeat, GrpcTestServer.Frame(new RepeatRequest { Message = "t", Count = 10_000, IntervalMs = 10 }));
        request.RequestUri = new Uri(host.Raw.BaseAddress!, GrpcPaths.EchoRepeat);
        using var response = await vanishing.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStreamAsync();
        var firstFrame = new byte[5];
        await body.ReadExactlyAsync(firstFrame);

        // Act
        socket!.Dispose();
        await host.Fakes.Echo.RepeatStopped.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var next = await host.Client.Services.Echo.ReverseAsync("alive");
        var logged = await host.WaitForLoggedCallAsync(c => c.Method == GrpcPaths.EchoRepeat);

        // Assert
        Assert.Equal(0, firstFrame[0]);
        Assert.Equal("evila", next);
        Assert.Contains(logged, c => c.Method == GrpcPaths.EchoRepeat && c.Status == RpcStatusCode.Cancelled);
    }

    [Theory]
    [InlineData(5000, "a")]
    [InlineData(5000, "\u00e9")]
    [InlineData(3000, "\U0001F600")]
    [InlineData(9000, "%")]
    public void The_status_detail_is_cut_to_fit_its_encoded_limit_only_between_characters(int count, string unit)
    {
        // Arrange
        var text = string.Concat(Enumerable.Repeat(unit, count));

        // Act
        var capped = StatusMapping.Cap(text);

        // Assert: grpc-dotnet percent-encodes every UTF-8 byte outside printable ASCII, and '%', as three characters.
        var encodedLength = Encoding.UTF8.GetBytes(capped).Sum(b => b is >= 0x20 and <= 0x7E and not (byte)'%' ? 1 : 3);
        Assert.InRange(encodedLength, StatusMapping.MaxEncodedDetail - 16, StatusMapping.MaxEncodedDetail);
        Assert.EndsWith(" [truncated]", capped, StringComparison.Ordinal);
        var kept = capped[..^" [truncated]".Length];
        Assert.Equal(0, kept.Length % unit.Length);
        Assert.Equal(string.Concat(Enumerable.Repeat(unit, kept.Length / unit.Length)), kept);
    }

    [Fact]
    public void A_status_detail_within_the_limit_is_kept_whole()
    {
        // Arrange
        var text = new string('\u00e9', (StatusMapping.MaxEncodedDetail / 6) - 1);

        // Act
        var capped = StatusMapping.Cap(text);

        // Assert
        Assert.Equal(text, capped);
    }

    private static byte[] Frame(string message) => GrpcTestServer.Frame(new EchoRequest { Message = message });
}
