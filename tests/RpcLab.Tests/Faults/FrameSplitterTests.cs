using System.Text;
using RpcLab.Network.Faults;
using RpcLab.Seminar.Checks.RawSockets;

namespace RpcLab.Tests.Faults;

/// <summary>The proxy's frame splitter: whole messages whatever the reads, and a clear error for a stream that cannot be framed.</summary>
public sealed class FrameSplitterTests
{
    [Fact]
    public void A_raw_frame_split_across_reads_comes_out_once_whole()
    {
        var splitter = new FrameSplitter(MessageFraming.Raw, 1024);
        var frame = RawFrame("hello");

        Assert.Empty(splitter.Add(frame.AsSpan(0, 2)));
        Assert.Empty(splitter.Add(frame.AsSpan(2, 4)));
        var messages = splitter.Add(frame.AsSpan(6));

        Assert.Equal(frame, Assert.Single(messages));
        Assert.Equal(0, splitter.Pending);
    }

    [Fact]
    public void Several_frames_and_a_partial_one_in_one_read_come_out_in_order()
    {
        var splitter = new FrameSplitter(MessageFraming.Raw, 1024);
        var stream = RawFrame("one").Concat(RawFrame("")).Concat(RawFrame("three")).Concat(RawFrame("four")[..5]).ToArray();

        var messages = splitter.Add(stream);

        Assert.Equal([RawFrame("one"), RawFrame(""), RawFrame("three")], messages);
        Assert.Equal(5, splitter.Pending);
        Assert.Equal(RawFrame("four"), Assert.Single(splitter.Add(RawFrame("four").AsSpan(5))));
    }

    [Fact]
    public void Content_length_messages_are_cut_by_their_header_whatever_the_reads()
    {
        var splitter = new FrameSplitter(MessageFraming.ContentLength, 1024);
        var first = Encoding.ASCII.GetBytes("Content-Length: 7\r\nContent-Type: application/json\r\n\r\n{\"a\":1}");
        var second = Encoding.ASCII.GetBytes("content-length: 2\r\n\r\n[]");
        var stream = first.Concat(second).ToArray();

        var messages = new List<byte[]>();
        foreach (var b in stream)
        {
            messages.AddRange(splitter.Add([b]));
        }

        Assert.Equal([first, second], messages);
    }

    [Fact]
    public void Newline_messages_keep_their_newline()
    {
        var splitter = new FrameSplitter(MessageFraming.Newline, 1024);

        var messages = splitter.Add("{\"id\":1}\n{\"id\""u8);
        var rest = splitter.Add(":2}\n"u8);

        Assert.Equal("{\"id\":1}\n", Encoding.ASCII.GetString(Assert.Single(messages)));
        Assert.Equal("{\"id\":2}\n", Encoding.ASCII.GetString(Assert.Single(rest)));
    }

    [Theory]
    [InlineData(MessageFraming.Raw, "a raw frame announces")]
    [InlineData(MessageFraming.Newline, "a line runs past")]
    [InlineData(MessageFraming.ContentLength, "Content-Length 5000")]
    public void A_message_over_the_limit_is_an_error_saying_so(MessageFraming framing, string expected)
    {
        var splitter = new FrameSplitter(framing, 1024);
        var data = framing switch
        {
            MessageFraming.Raw => RawFrame(new string('x', 2000)),
            MessageFraming.Newline => Encoding.ASCII.GetBytes(new string('x', 2000)),
            _ => Encoding.ASCII.GetBytes("Content-Length: 5000\r\n\r\n"),
        };

        var error = Assert.Throws<InvalidDataException>(() => splitter.Add(data));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_block_without_content_length_is_an_error()
    {
        var splitter = new FrameSplitter(MessageFraming.ContentLength, 1024);

        var error = Assert.Throws<InvalidDataException>(() => splitter.Add("Content-Type: x\r\n\r\n"u8));

        Assert.Contains("no Content-Length", error.Message, StringComparison.Ordinal);
    }

    // The raw framing as the seminar's checker writes it by hand.
    internal static byte[] RawFrame(string text) => RawFrames.Frame(text);
}
