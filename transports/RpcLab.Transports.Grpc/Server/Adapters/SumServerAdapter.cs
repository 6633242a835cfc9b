using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Methods;

namespace RpcLab.Transports.Grpc.Server.Adapters;

/// <summary>Serves <see cref="IParallelSumService"/> as <c>rpclab.sum.ParallelSum</c>.</summary>
internal static class SumServerAdapter
{
    public static void Bind(GrpcServiceBinder binder, IParallelSumService sum)
    {
        binder.AddUnary(SumMethods.Sum, async (request, ct) =>
            (await sum.SumAsync([.. request.A], [.. request.B], request.Parallelism, ct).ConfigureAwait(false)).ToProto());
    }
}
