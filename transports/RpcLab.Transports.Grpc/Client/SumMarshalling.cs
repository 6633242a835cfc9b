using System.Buffers;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Grpc.Core;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Protos.Sum;

namespace RpcLab.Transports.Grpc.Client;

/// <summary>The parallel sum's request as the contract hands it over: the caller's arrays, never copied.</summary>
internal sealed record SumCall(int[] A, int[] B, int Parallelism);

/// <summary>
/// <c>rpclab.sum.ParallelSum/Sum</c> for the gRPC client, with marshallers that write the contract's arrays straight
/// into the request and read the reply straight into the result array, in protobuf's own encoding through its
/// <see cref="CodedOutputStream"/> and <see cref="CodedInputStream"/>. The generated messages would copy each array
/// into a <c>RepeatedField</c> on the way out, and on the way back grow one by doubling (a packed varint field does not
/// say how many values it holds) before the contract's <c>long[]</c> is copied out of it: about three payloads of
/// garbage per call. The bytes on the wire are those of <see cref="SumRequest"/> and <see cref="SumReply"/> (tests
/// compare them). Only for HTTP/2 gRPC: the REST client needs the generated messages. Thread-safe.
/// </summary>
internal static class SumMarshalling
{
    private const byte ATag = (SumRequest.AFieldNumber << 3) | (byte)WireFormat.WireType.LengthDelimited;
    private const byte BTag = (SumRequest.BFieldNumber << 3) | (byte)WireFormat.WireType.LengthDelimited;
    private const byte ParallelismTag = (SumRequest.ParallelismFieldNumber << 3) | (byte)WireFormat.WireType.Varint;
    private const uint PackedSumTag = (SumReply.SumFieldNumber << 3) | (uint)WireFormat.WireType.LengthDelimited;
    private const uint UnpackedSumTag = (SumReply.SumFieldNumber << 3) | (uint)WireFormat.WireType.Varint;
    private const uint WorkersTag = (SumReply.WorkersFieldNumber << 3) | (uint)WireFormat.WireType.Varint;

    /// <summary>The method as the generated client names it, with these marshallers.</summary>
    public static Method<SumCall, SumResult> Sum { get; } = new(
        MethodType.Unary,
        ParallelSum.Descriptor.FullName,
        nameof(ParallelSum.ParallelSumClient.Sum),
        Marshallers.Create<SumCall>((call, context) => context.Complete(Serialize(call)), _ => throw new NotSupportedException("a client never reads a request")),
        Marshallers.Create<SumResult>((_, _) => throw new NotSupportedException("a client never writes a reply"), context => Parse(context.PayloadAsReadOnlySequence())));

    /// <summary>The request's protobuf encoding, in an array of exactly its size.</summary>
    public static byte[] Serialize(SumCall call)
    {
        var aLength = PackedLength(call.A);
        var bLength = PackedLength(call.B);
        var size = FieldSize(call.A.Length, aLength) + FieldSize(call.B.Length, bLength)
            + (call.Parallelism == 0 ? 0 : 1 + CodedOutputStream.ComputeInt32Size(call.Parallelism));
        var message = new byte[size];
        var output = new CodedOutputStream(message);
        WritePacked(output, ATag, call.A, aLength);
        WritePacked(output, BTag, call.B, bLength);
        if (call.Parallelism != 0)
        {
            output.WriteRawTag(ParallelismTag);
            output.WriteInt32(call.Parallelism);
        }

        output.CheckNoSpaceLeft();
        return message;
    }

    /// <summary>
    /// The reply read from its protobuf encoding as any protobuf parser reads it (fields in any order, a repeated field
    /// packed or not and possibly split, unknown fields skipped); the sums land in one array of exactly their count.
    /// </summary>
    /// <exception cref="InvalidDataException">A packed field whose last value is cut off.</exception>
    /// <exception cref="InvalidProtocolBufferException">Any other malformed encoding.</exception>
    public static SumResult Parse(ReadOnlySequence<byte> payload)
    {
        var (array, offset, length) = payload.IsSingleSegment && MemoryMarshal.TryGetArray(payload.First, out var segment)
            ? (segment.Array!, segment.Offset, segment.Count)
            : (payload.ToArray(), 0, (int)payload.Length);
        var input = new CodedInputStream(array, offset, length);
        var sums = Array.Empty<long>();
        var count = 0;
        var workers = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case PackedSumTag:
                    var bytes = input.ReadLength();
                    var start = input.Position;

                    // Every varint ends in the one byte of it whose top bit is clear: counting those sizes the array
                    // exactly, where a parser that cannot count first grows its array by doubling.
                    var values = VarintCount(array.AsSpan(offset + (int)start, Math.Min(bytes, length - (int)start)));
                    Reserve(ref sums, count + values);
                    for (var i = 0; i < values; i++)
                    {
                        sums[count++] = input.ReadInt64();
                    }

                    if (input.Position != start + bytes)
                    {
                        throw new InvalidDataException($"the packed sums end inside a value ({bytes} bytes announced)");
                    }

                    break;
                case UnpackedSumTag:
                    Reserve(ref sums, count + 1);
                    sums[count++] = input.ReadInt64();
                    break;
                case WorkersTag:
                    workers = input.ReadInt32();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        // Exact already unless the sums came unpacked or split (no protobuf serializer we know sends them so).
        return new SumResult(count == sums.Length ? sums : sums[..count], workers);
    }

    private static int PackedLength(int[] values)
    {
        var length = 0;
        foreach (var value in values)
        {
            length += CodedOutputStream.ComputeInt32Size(value);
        }

        return length;
    }

    /// <summary>Tag, length and values of a packed field; proto3 writes nothing for an empty one.</summary>
    private static int FieldSize(int count, int packedLength) =>
        count == 0 ? 0 : 1 + CodedOutputStream.ComputeLengthSize(packedLength) + packedLength;

    private static void WritePacked(CodedOutputStream output, byte tag, int[] values, int packedLength)
    {
        if (values.Length == 0)
        {
            return;
        }

        output.WriteRawTag(tag);
        output.WriteLength(packedLength);
        foreach (var value in values)
        {
            output.WriteInt32(value);
        }
    }

    private static int VarintCount(ReadOnlySpan<byte> bytes)
    {
        // Bytes below 0x80 are the last of their varint.
        var count = 0;
        foreach (var b in bytes)
        {
            count += b >> 7 ^ 1;
        }

        return count;
    }

    /// <summary>Room for <paramref name="needed"/> sums: exactly that for the first packed run, doubling after.</summary>
    private static void Reserve(ref long[] sums, int needed)
    {
        if (needed > sums.Length)
        {
            Array.Resize(ref sums, sums.Length == 0 ? needed : Math.Max(needed, sums.Length * 2));
        }
    }
}
