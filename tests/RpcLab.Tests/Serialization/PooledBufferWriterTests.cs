using RpcLab.Transports.Buffers;

namespace RpcLab.Tests.Serialization;

public sealed class PooledBufferWriterTests
{
    [Fact]
    public void Growing_keeps_what_was_written_and_reset_gives_a_large_array_back()
    {
        // Arrange
        using var writer = new PooledBufferWriter(16);
        var bytes = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();

        // Act: written in pieces, so the buffer grows several times.
        for (var i = 0; i < bytes.Length; i += 999)
        {
            var piece = bytes.AsSpan(i, Math.Min(999, bytes.Length - i));
            piece.CopyTo(writer.GetSpan(piece.Length));
            writer.Advance(piece.Length);
        }

        var written = writer.WrittenSpan.ToArray();
        writer.Reset(retainedSize: 1024);

        // Assert
        Assert.Equal(bytes, written);
        Assert.Equal(0, writer.WrittenMemory.Length);
        Assert.InRange(writer.Capacity, 16, 1024);
    }

    [Fact]
    public void Advancing_past_the_buffer_is_refused()
    {
        using var writer = new PooledBufferWriter(16);
        var room = writer.GetSpan(1).Length;

        Assert.Throws<InvalidOperationException>(() => writer.Advance(room + 1));
    }
}
