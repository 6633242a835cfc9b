using System.Buffers;
using System.Text;
using RpcLab.Transports.JsonRpc.Framing;

namespace RpcLab.Tests.JsonRpc;

/// <summary>The framers on their own, fed byte by byte: they must find exactly the messages sent, whatever the split.</summary>
public sealed class FrameDecoderTests
{
    public static TheoryData<string> Framers => new() { "content-length", "newline" };

    [Theory]
    [MemberData(nameof(Framers))]
    public void Frames_fed_one_byte_at_a_time_come_out_whole(string name)
    {
        // Arrange
        IMessageFramer framer = name == "newline" ? NewlineFramer.Instance : ContentLengthFramer.Instance;
        var writer = new ArrayBufferWriter<byte>();
        string[] messages = ["{\"a\":1}", "{\"b\":\"é\"}", "[]"];
        foreach (var m in messages)
        {
            framer.WriteFrame(writer, Encoding.UTF8.GetBytes(m));
        }

        var decoder = framer.CreateDecoder(1024);
        var pending = new List<byte>();
        var found = new List<string>();

        // Act
        foreach (var b in writer.WrittenSpan.ToArray())
        {
            pending.Add(b);
            var buffer = new ReadOnlySequence<byte>(pending.ToArray());
            var result = decoder.Decode(ref buffer, out var payload);
            Assert.NotEqual(FrameStatus.Invalid, result.Status);
            if (result.Status == FrameStatus.Message)
            {
                found.Add(Encoding.UTF8.GetString(payload.ToArray()));
            }

            pending = [.. buffer.ToArray()];
        }

        // Assert
        Assert.Equal(messages, found);
        Assert.Empty(pending);
    }

    [Fact]
    public void A_content_length_frame_not_yet_whole_says_how_many_bytes_it_takes()
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();
        ContentLengthFramer.Instance.WriteFrame(writer, new byte[1000]);
        var frame = writer.WrittenSpan.ToArray();
        var decoder = ContentLengthFramer.Instance.CreateDecoder(4096);

        // Act
        var headerOnly = new ReadOnlySequence<byte>(frame.AsMemory(0, 10));
        var partHeader = decoder.Decode(ref headerOnly, out _);
        var partBody = new ReadOnlySequence<byte>(frame.AsMemory(0, frame.Length - 1));
        var partial = decoder.Decode(ref partBody, out _);

        // Assert: unknown while the header is not complete, the whole frame's length once it is.
        Assert.Equal((FrameStatus.NeedMoreData, 0L), (partHeader.Status, partHeader.Wanted));
        Assert.Equal((FrameStatus.NeedMoreData, (long)frame.Length), (partial.Status, partial.Wanted));
    }

    [Fact]
    public void A_newline_frame_cannot_carry_a_raw_newline()
    {
        Assert.Throws<ArgumentException>(() => NewlineFramer.Instance.WriteFrame(new ArrayBufferWriter<byte>(), "a\nb"u8));
    }
}
