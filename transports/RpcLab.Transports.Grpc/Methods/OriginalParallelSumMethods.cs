using RpcLab.Transports.Grpc.Protocol;
using RpcLab.Transports.Grpc.Protos.Original.ParallelSum;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Grpc.Methods;

/// <summary>The original parallel-sum course project's contract, <c>ParallelSum.ParallelSum</c> (protos/original/parallel_sum.proto).</summary>
public static class OriginalParallelSumMethods
{
    public const string Service = "ParallelSum.ParallelSum";

    public static readonly GrpcMethod<ARR1, ARR2> ReturnSum = new(CallShape.Unary, Service, "ReturnSum", ARR1.Parser, ARR2.Parser);
}
