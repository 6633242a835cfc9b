using System.Buffers.Binary;

namespace RpcLab.Wire.Capture;

/// <summary>
/// Walks a <see cref="DirectionStream"/> and cuts it into <see cref="WireMessage"/>s: a decoder peeks at the bytes
/// ahead, then takes them part by part, so every byte ends up in exactly one part and each part holds the captured
/// bytes themselves. Not thread-safe.
/// </summary>
public sealed class WireReader(DirectionStream stream)
{
    private readonly List<WireMessage> _messages = [];
    private List<WirePart>? _parts;
    private int _messageStart;

    public DirectionStream Stream { get; } = stream;

    public int Position { get; private set; }

    public int Remaining => Stream.Bytes.Length - Position;

    public IReadOnlyList<WireMessage> Messages => _messages;

    /// <summary>The next <paramref name="count"/> bytes without taking them (fewer at the end of the stream).</summary>
    public ReadOnlySpan<byte> Peek(int count) => Stream.Bytes.Span.Slice(Position, Math.Min(count, Remaining));

    /// <summary>The byte <paramref name="at"/> positions ahead.</summary>
    public byte PeekByte(int at = 0) => Stream.Bytes.Span[Position + at];

    public uint PeekUInt32BigEndian(int at = 0) => BinaryPrimitives.ReadUInt32BigEndian(Stream.Bytes.Span[(Position + at)..]);

    /// <summary>Starts a message at the current position.</summary>
    public void Begin()
    {
        _parts = [];
        _messageStart = Position;
    }

    /// <summary>Takes the next <paramref name="count"/> bytes as a part of the current message.</summary>
    public ReadOnlyMemory<byte> Take(int count, string layer, IReadOnlyList<string> notes)
    {
        if (_parts is null)
        {
            throw new InvalidOperationException("Begin a message first");
        }

        var bytes = Stream.Bytes.Slice(Position, count);
        Position += count;
        _parts.Add(new WirePart(layer, bytes, notes));
        return bytes;
    }

    /// <inheritdoc cref="Take(int, string, IReadOnlyList{string})"/>
    public ReadOnlyMemory<byte> Take(int count, string layer, params string[] notes) => Take(count, layer, (IReadOnlyList<string>)notes);

    /// <summary>Ends the current message.</summary>
    public WireMessage End(string title, bool isAnswer = false)
    {
        var message = new WireMessage(Stream.Connection, Stream.Direction, Stream.TimeAt(_messageStart), _messageStart, title, _parts ?? [], isAnswer);
        _messages.Add(message);
        _parts = null;
        return message;
    }

    /// <summary>Takes whatever is left as one message the decoder could not frame (a truncated capture, a protocol it does not know).</summary>
    public void TakeRest(string why)
    {
        if (Remaining == 0)
        {
            return;
        }

        var count = Remaining;
        Begin();
        Take(count, "undecoded", why);
        End($"{count} bytes not decoded");
    }
}
