using System.Buffers;
using Google.Protobuf;
using RpcLab.Transports.Grpc.Client;
using RpcLab.Transports.Grpc.Protos.Sum;

namespace RpcLab.Tests.Grpc;

/// <summary>The gRPC client's own marshalling of the parallel sum writes and reads exactly what the generated messages do.</summary>
public sealed class SumMarshallingTests
{
    public static TheoryData<int[], int[], int> Requests => new()
    {
        { [], [], 0 },
        { [1, 2, 3], [4, 5, 6], 0 },
        { [int.MaxValue, int.MinValue, -1, 0, 127, 128], [int.MinValue, int.MaxValue, 1, 0, -128, 16_384], 3 },
        { Enumerable.Range(-500, 1_001).ToArray(), Enumerable.Range(0, 1_001).Select(i => i * 4_099).ToArray(), 64 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void The_request_is_the_generated_messages_bytes(int[] a, int[] b, int parallelism)
    {
        // Arrange
        var generated = new SumRequest { Parallelism = parallelism };
        generated.A.AddRange(a);
        generated.B.AddRange(b);

        // Act
        var bytes = SumMarshalling.Serialize(new SumCall(a, b, parallelism));

        // Assert
        Assert.Equal(generated.ToByteArray(), bytes);
    }

    [Theory]
    [InlineData(new long[0], 0)]
    [InlineData(new[] { 2L * int.MaxValue, 2L * int.MinValue, -1L, 0L, 1L }, 2)]
    [InlineData(new[] { long.MaxValue, long.MinValue }, 1)]
    public void The_reply_reads_as_the_generated_message_writes_it(long[] sums, int workers)
    {
        // Arrange
        var reply = new SumReply { Workers = workers };
        reply.Sum.AddRange(sums);

        // Act
        var result = SumMarshalling.Parse(new ReadOnlySequence<byte>(reply.ToByteArray()));

        // Assert
        Assert.Equal(sums, result.Sum);
        Assert.Equal(workers, result.Workers);
    }

    [Fact]
    public void A_reply_split_over_segments_and_at_an_offset_reads_the_same()
    {
        // Arrange: the packed sums cut in the middle, the first segment starting inside a larger array.
        var reply = new SumReply { Workers = 7 };
        reply.Sum.AddRange(Enumerable.Range(0, 1_000).Select(i => (long)i * i * 1_000_003));
        var bytes = reply.ToByteArray();
        var padded = new byte[bytes.Length + 10];
        bytes.CopyTo(padded, 5);

        // Act
        var atOffset = SumMarshalling.Parse(new ReadOnlySequence<byte>(padded, 5, bytes.Length));
        var split = SumMarshalling.Parse(Segments(bytes, bytes.Length / 3));

        // Assert
        Assert.Equal(reply.Sum, atOffset.Sum);
        Assert.Equal(reply.Sum, split.Sum);
        Assert.Equal(7, split.Workers);
    }

    [Fact]
    public void Unpacked_split_and_unknown_fields_are_read_as_any_protobuf_parser_reads_them()
    {
        // Arrange: workers first, one sum unpacked, a packed run, an unknown string field, another unpacked sum.
        var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(SumReply.WorkersFieldNumber, WireFormat.WireType.Varint);
        output.WriteInt32(3);
        output.WriteTag(SumReply.SumFieldNumber, WireFormat.WireType.Varint);
        output.WriteInt64(-5);
        output.WriteTag(SumReply.SumFieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteLength(CodedOutputStream.ComputeInt64Size(300) + CodedOutputStream.ComputeInt64Size(1));
        output.WriteInt64(300);
        output.WriteInt64(1);
        output.WriteTag(99, WireFormat.WireType.LengthDelimited);
        output.WriteString("not ours");
        output.WriteTag(SumReply.SumFieldNumber, WireFormat.WireType.Varint);
        output.WriteInt64(long.MinValue);
        output.Flush();
        var bytes = stream.ToArray();

        // Act
        var result = SumMarshalling.Parse(new ReadOnlySequence<byte>(bytes));

        // Assert
        var generated = SumReply.Parser.ParseFrom(bytes);
        Assert.Equal(generated.Sum, result.Sum);
        Assert.Equal([-5L, 300L, 1L, long.MinValue], result.Sum);
        Assert.Equal(3, result.Workers);
    }

    [Fact]
    public void A_packed_field_cut_inside_a_value_is_an_error()
    {
        // Arrange: the last sum's varint loses its final byte, the length says so.
        byte[] bytes = [(SumReply.SumFieldNumber << 3) | 2, 3, 0x01, 0x80, 0x80];

        // Act, Assert
        Assert.ThrowsAny<Exception>(() => SumMarshalling.Parse(new ReadOnlySequence<byte>(bytes)));
    }

    private static ReadOnlySequence<byte> Segments(byte[] bytes, int cut)
    {
        var first = new Segment(bytes.AsMemory(0, cut), 0);
        var last = new Segment(bytes.AsMemory(cut), cut);
        first.SetNext(last);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void SetNext(Segment next) => Next = next;
    }
}
