using System.Buffers.Binary;
using Google.Protobuf.Reflection;
using RpcLab.Wire.Capture;
using RpcLab.Wire.Protobuf;

namespace RpcLab.Wire.Decoders;

/// <summary>
/// gRPC's Length-Prefixed-Message (a compressed flag, a 4-byte big-endian length, the message) on one stream in
/// one direction, reassembled across DATA frames: a message may start in one frame and end in another, and one
/// frame may hold several. The protobuf is described once the whole message is in. Not thread-safe.
/// </summary>
internal sealed class GrpcMessageAssembler(MessageDescriptor? type)
{
    private const int PrefixSize = 5;

    private readonly List<byte> _pending = [];

    public int Messages { get; private set; }

    /// <summary>Takes <paramref name="count"/> DATA bytes from <paramref name="reader"/> as gRPC message parts.</summary>
    public void Take(WireReader reader, int count)
    {
        while (count > 0)
        {
            var started = _pending.Count == 0;
            var run = 0;
            var complete = false;
            while (run < count && !complete)
            {
                _pending.Add(reader.PeekByte(run++));
                complete = _pending.Count >= PrefixSize && _pending.Count == PrefixSize + Length();
            }

            count -= run;
            if (!complete)
            {
                reader.Take(run, started ? "gRPC message (continues in the next DATA frame)" : "gRPC message (continued)", $"{_pending.Count} bytes of it so far");
                continue;
            }

            reader.Take(run, started ? "gRPC message" : "gRPC message (end)", Describe());
            _pending.Clear();
            Messages++;
        }
    }

    private int Length() => (int)BinaryPrimitives.ReadUInt32BigEndian(_pending.GetRange(1, 4).ToArray());

    private List<string> Describe()
    {
        var bytes = _pending.ToArray();
        var length = bytes.Length - PrefixSize;
        var notes = new List<string>
        {
            $"prefix {Hex.Pairs(bytes.AsSpan(0, PrefixSize))}: compressed flag {bytes[0]}, message length {length}",
        };
        if (bytes[0] != 0)
        {
            notes.Add("compressed with the grpc-encoding of the headers: not decoded");
            return notes;
        }

        notes.Add($"protobuf {type?.FullName ?? "(message type unknown: no descriptor for this :path)"}, {length} bytes{(length == 0 ? " (every field at its default)" : ":")}");
        notes.AddRange(ProtobufFormatter.Describe(bytes.AsMemory(PrefixSize), type).Select(line => "  " + line));
        return notes;
    }
}
