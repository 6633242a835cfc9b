using System.Net.Sockets;
using System.Text;
using RpcLab.Transports.Raw.Framing;

namespace RpcLab.Tests.Raw;

/// <summary>The length-prefixed framing: the byte layout, reassembly, and every way a byte stream can stop making frames.</summary>
public sealed class FramingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void The_prefix_is_the_payload_length_in_four_big_endian_bytes()
    {
        var frame = FrameLayout.Frame(Encoding.UTF8.GetBytes(new string('x', 258)));

        Assert.Equal([0x00, 0x00, 0x01, 0x02], frame[..4]);
        Assert.Equal(262, frame.Length);
        Assert.Equal(258u, FrameLayout.ReadPrefix(frame));
    }

    [Fact]
    public async Task A_frame_sent_byte_by_byte_and_frames_sent_together_come_out_whole_and_in_order()
    {
        using var pair = await SocketPair.CreateAsync();
        using var reader = new FrameReader(pair.Right, 1024, Timeout.InfiniteTimeSpan);
        var first = FrameLayout.Frame("first"u8);
        var second = FrameLayout.Frame("second"u8);
        var third = FrameLayout.Frame(""u8);

        var reading = ReadPayloadsAsync(reader, 3);
        foreach (var b in first)
        {
            await pair.Left.SendAsync(new[] { b }, SocketFlags.None);
        }

        await pair.Left.SendAsync(second.Concat(third).ToArray(), SocketFlags.None);

        Assert.Equal(["first", "second", ""], await reading.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_large_frame_passes_and_the_small_frames_after_it_too()
    {
        using var pair = await SocketPair.CreateAsync();
        using var reader = new FrameReader(pair.Right, 2 * 1024 * 1024, Timeout.InfiniteTimeSpan);
        var large = new string('L', 1024 * 1024 + 7);

        var reading = ReadPayloadsAsync(reader, 3);
        await pair.Left.SendAsync(FrameLayout.Frame(Encoding.UTF8.GetBytes(large)).Concat(FrameLayout.Frame("a"u8)).ToArray(), SocketFlags.None);
        await pair.Left.SendAsync(FrameLayout.Frame("b"u8), SocketFlags.None);

        Assert.Equal([large, "a", "b"], await reading.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_refused_from_the_prefix_without_waiting_for_the_payload()
    {
        using var pair = await SocketPair.CreateAsync();
        using var reader = new FrameReader(pair.Right, 1024, Timeout.InfiniteTimeSpan);

        // 0x7FFFFFF0 bytes declared, none sent, the connection left open: only the prefix can be judged.
        await pair.Left.SendAsync(new byte[] { 0x7F, 0xFF, 0xFF, 0xF0 }, SocketFlags.None);
        var error = await Assert.ThrowsAsync<FrameException>(async () => await reader.ReadAsync()).WaitAsync(Patience);

        Assert.Equal(FrameError.TooLarge, error.Error);
        Assert.Contains("2147483632", error.Message);
    }

    [Fact]
    public async Task The_end_of_the_stream_between_frames_is_a_clean_end_and_inside_a_frame_is_a_truncated_frame()
    {
        using var clean = await SocketPair.CreateAsync();
        using var cleanReader = new FrameReader(clean.Right, 1024, Timeout.InfiniteTimeSpan);
        await clean.Left.SendAsync(FrameLayout.Frame("whole"u8), SocketFlags.None);
        clean.Left.Shutdown(SocketShutdown.Send);
        using var cut = await SocketPair.CreateAsync();
        using var cutReader = new FrameReader(cut.Right, 1024, Timeout.InfiniteTimeSpan);
        await cut.Left.SendAsync(FrameLayout.Frame("whole"u8)[..6], SocketFlags.None);
        cut.Left.Shutdown(SocketShutdown.Send);

        Assert.NotNull(await cleanReader.ReadAsync());
        Assert.Null(await cleanReader.ReadAsync());
        var error = await Assert.ThrowsAsync<FrameException>(async () => await cutReader.ReadAsync()).WaitAsync(Patience);
        Assert.Equal(FrameError.Truncated, error.Error);
    }

    [Fact]
    public async Task A_frame_left_half_sent_stalls_out_but_an_idle_connection_between_frames_does_not()
    {
        var stall = TimeSpan.FromMilliseconds(300);
        using var idle = await SocketPair.CreateAsync();
        using var idleReader = new FrameReader(idle.Right, 1024, stall);
        using var half = await SocketPair.CreateAsync();
        using var halfReader = new FrameReader(half.Right, 1024, stall);

        var idleRead = idleReader.ReadAsync().AsTask();
        await half.Left.SendAsync(FrameLayout.Frame("never finished"u8)[..7], SocketFlags.None);
        var error = await Assert.ThrowsAsync<FrameException>(async () => await halfReader.ReadAsync()).WaitAsync(Patience);

        // The idle reader has waited longer than the stall timeout by now, and still takes a frame.
        await idle.Left.SendAsync(FrameLayout.Frame("late"u8), SocketFlags.None);
        var late = await idleRead.WaitAsync(Patience);

        Assert.Equal(FrameError.Stalled, error.Error);
        Assert.Equal("late", Encoding.UTF8.GetString(late!.Value.Span[FrameLayout.PrefixSize..]));
    }

    [Fact]
    public async Task A_peer_that_never_reads_stalls_the_writer_out()
    {
        using var pair = await SocketPair.CreateAsync();
        var writer = new FrameWriter(pair.Left, TimeSpan.FromMilliseconds(300));
        var frame = FrameLayout.Frame(new byte[1024 * 1024]);

        // The socket buffers take a few megabytes at most; then the send waits for a reader that never comes.
        var error = await Assert.ThrowsAsync<FrameException>(async () =>
        {
            for (var i = 0; i < 64; i++)
            {
                await writer.SendAsync(frame);
            }
        }).WaitAsync(Patience);

        Assert.Equal(FrameError.Stalled, error.Error);
    }

    private static async Task<List<string>> ReadPayloadsAsync(FrameReader reader, int count)
    {
        var payloads = new List<string>();
        while (payloads.Count < count && await reader.ReadAsync() is { } frame)
        {
            payloads.Add(Encoding.UTF8.GetString(frame.Span[FrameLayout.PrefixSize..]));
        }

        return payloads;
    }
}
