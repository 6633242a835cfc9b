using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using RpcLab.Bench.Harness;
using RpcLab.Measurement.Results;
using RpcLab.Transports.Grpc.Protos.Sum;

namespace RpcLab.Bench.Benchmarks;

/// <summary>
/// The yardstick of a large gRPC call: protobuf's own work for the parallel sum's messages, with no HTTP/2, no
/// grpc-dotnet and nothing of ours. The request (two arrays of <see cref="Ints"/> ints) and the reply (as many
/// longs) are each serialized and parsed once, as a call does on its two sides. Read against
/// <see cref="ThreadScalingBenchmarks"/> over gRPC with the same length and one worker.
/// </summary>
[BenchmarkCategory(MicroCategories.ThreadScaling)]
public class ProtobufAloneBenchmarks
{
    private SumRequest _request = new();
    private SumReply _reply = new();

    [Params(10_000_000)]
    public int Ints { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (a, b) = Arrays.Pair(Ints);
        _request = new SumRequest { Parallelism = 1 };
        _request.A.AddRange(a);
        _request.B.AddRange(b);
        _reply = new SumReply { Workers = 1 };
        _reply.Sum.AddRange(a.Zip(b, (x, y) => (long)x + y));
    }

    [Benchmark]
    public SumReply ProtobufAlone()
    {
        var request = SumRequest.Parser.ParseFrom(_request.ToByteArray());
        var reply = SumReply.Parser.ParseFrom(_reply.ToByteArray());
        return request.A.Count == reply.Sum.Count ? reply : throw new InvalidOperationException("the request and the reply differ in length");
    }
}
