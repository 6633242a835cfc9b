using RpcLab.Transports.Grpc.Protocol;
using RpcLab.Transports.Grpc.Protos.Sum;
using RpcLab.Transports.Invocation;

namespace RpcLab.Transports.Grpc.Methods;

/// <summary>The methods of <c>rpclab.sum.ParallelSum</c> (protos/rpclab/sum.proto).</summary>
public static class SumMethods
{
    public const string Service = "rpclab.sum.ParallelSum";

    public static readonly GrpcMethod<SumRequest, SumReply> Sum = new(CallShape.Unary, Service, "Sum", SumRequest.Parser, SumReply.Parser);
}
