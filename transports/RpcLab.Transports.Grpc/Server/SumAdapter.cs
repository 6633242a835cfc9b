using Grpc.Core;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Mapping;
using RpcLab.Transports.Grpc.Protos.Sum;

namespace RpcLab.Transports.Grpc.Server;

/// <summary>Serves <see cref="IParallelSumService"/> as <c>rpclab.sum.ParallelSum</c>. Thread-safe.</summary>
internal sealed class SumAdapter(IParallelSumService sum) : ParallelSum.ParallelSumBase
{
    public override async Task<SumReply> Sum(SumRequest request, ServerCallContext context) =>
        (await sum.SumAsync([.. request.A], [.. request.B], request.Parallelism, context.CancellationToken).ConfigureAwait(false)).ToProto();
}
