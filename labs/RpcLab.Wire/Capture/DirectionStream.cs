using RpcLab.Network;

namespace RpcLab.Wire.Capture;

/// <summary>
/// Everything one direction of one relayed connection carried, the chunks joined in order, with the time each
/// byte was read. Decoders frame this, not the chunks, since TCP splits a stream wherever it likes. Immutable.
/// </summary>
public sealed class DirectionStream
{
    private readonly long[] _chunkOffsets;
    private readonly TimeSpan[] _chunkTimes;

    public DirectionStream(int connection, RelayDirection direction, IEnumerable<RelayChunk> chunks)
    {
        Connection = connection;
        Direction = direction;
        var offsets = new List<long>();
        var times = new List<TimeSpan>();
        var bytes = new List<byte>();
        foreach (var chunk in chunks.Where(c => c.Connection == connection && c.Direction == direction))
        {
            if (chunk.IsEnd)
            {
                Ended = true;
                continue;
            }

            offsets.Add(bytes.Count);
            times.Add(chunk.At);
            bytes.AddRange(chunk.Data.Span);
            Chunks++;
        }

        _chunkOffsets = [.. offsets];
        _chunkTimes = [.. times];
        Bytes = bytes.ToArray();
    }

    public int Connection { get; }

    public RelayDirection Direction { get; }

    /// <summary>The bytes, as captured.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>How many reads delivered them.</summary>
    public int Chunks { get; }

    /// <summary>True when the stream's end was seen (the sender shut down or the connection closed).</summary>
    public bool Ended { get; }

    /// <summary>When the byte at <paramref name="offset"/> was read (the time of the chunk holding it).</summary>
    public TimeSpan TimeAt(long offset)
    {
        if (_chunkOffsets.Length == 0)
        {
            return TimeSpan.Zero;
        }

        var index = Array.BinarySearch(_chunkOffsets, offset);
        return _chunkTimes[index >= 0 ? index : Math.Max(~index - 1, 0)];
    }
}
