using System.Buffers.Binary;
using RpcLab.Services.Errors;
using RpcLab.Transports.Grpc.Protocol;

namespace RpcLab.Tests.Grpc;

/// <summary>The byte-level pieces: frame codec, grpc-timeout, grpc-message encoding.</summary>
public sealed class GrpcProtocolTests
{
    [Theory]
    [InlineData("50m", 50 * TimeSpan.TicksPerMillisecond)]
    [InlineData("1H", TimeSpan.TicksPerHour)]
    [InlineData("2M", 2 * TimeSpan.TicksPerMinute)]
    [InlineData("3S", 3 * TimeSpan.TicksPerSecond)]
    [InlineData("250u", 250 * TimeSpan.TicksPerMicrosecond)]
    [InlineData("1500n", 15)]
    [InlineData("99999999S", 99_999_999 * TimeSpan.TicksPerSecond)]
    public void A_valid_grpc_timeout_parses(string header, long ticks)
    {
        // Act
        var ok = GrpcTimeout.TryParse(header, out var timeout);

        // Assert
        Assert.True(ok);
        Assert.Equal(TimeSpan.FromTicks(ticks), timeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("10")]
    [InlineData("10x")]
    [InlineData("-5S")]
    [InlineData("123456789S")]
    [InlineData("1 S")]
    public void A_malformed_grpc_timeout_is_rejected(string header)
    {
        // Act
        var ok = GrpcTimeout.TryParse(header, out _);

        // Assert
        Assert.False(ok);
    }

    [Theory]
    [InlineData(100.0, "100m")]
    [InlineData(1.2, "2m")]
    [InlineData(200_000_000.0, "200000S")]
    public void A_timeout_is_formatted_rounded_up_within_eight_digits(double milliseconds, string expected)
    {
        // Act
        var header = GrpcTimeout.Format(TimeSpan.FromMilliseconds(milliseconds));

        // Assert
        Assert.Equal(expected, header);
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("100%", "100%25")]
    [InlineData("é", "%C3%A9")]
    [InlineData("a\nb", "a%0Ab")]
    public void A_grpc_message_is_percent_encoded_and_decodes_back(string text, string wire)
    {
        // Act
        var encoded = GrpcStatusMessage.Encode(text);
        var decoded = GrpcStatusMessage.Decode(encoded);

        // Assert
        Assert.Equal(wire, encoded);
        Assert.Equal(text, decoded);
    }

    [Fact]
    public void A_malformed_percent_sequence_is_kept_as_it_is()
    {
        // Act
        var decoded = GrpcStatusMessage.Decode("50%-off %zz %4");

        // Assert
        Assert.Equal("50%-off %zz %4", decoded);
    }

    [Fact]
    public async Task The_codec_reads_frames_back_to_back_then_a_clean_end()
    {
        // Arrange
        var stream = new MemoryStream([0, 0, 0, 0, 2, 10, 20, 0, 0, 0, 0, 0]);

        // Act
        var first = await GrpcFrameCodec.ReadMessageAsync(stream, 100, CancellationToken.None);
        var second = await GrpcFrameCodec.ReadMessageAsync(stream, 100, CancellationToken.None);
        var end = await GrpcFrameCodec.ReadMessageAsync(stream, 100, CancellationToken.None);

        // Assert
        Assert.Equal([10, 20], first!);
        Assert.Equal([], second!);
        Assert.Null(end);
    }

    [Fact]
    public async Task The_codec_refuses_an_oversized_frame_before_reading_its_body()
    {
        // Arrange: the stream holds only the prefix; reading the body would report a truncated frame instead.
        var prefix = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), 101);

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(async () => await GrpcFrameCodec.ReadMessageAsync(new MemoryStream(prefix), 100, CancellationToken.None));

        // Assert
        Assert.Equal(RpcStatusCode.ResourceExhausted, error.Status);
    }

    [Fact]
    public void The_marshaller_writes_the_prefix_big_endian()
    {
        // Arrange
        var message = new RpcLab.Transports.Grpc.Protos.Echo.EchoRequest { Message = new string('a', 300) };

        // Act
        var frame = GrpcMarshaller.ToFrame(message, 1000);

        // Assert
        Assert.Equal(0, frame[0]);
        Assert.Equal((uint)message.CalculateSize(), BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1, 4)));
        Assert.Equal(5 + message.CalculateSize(), frame.Length);
    }
}
