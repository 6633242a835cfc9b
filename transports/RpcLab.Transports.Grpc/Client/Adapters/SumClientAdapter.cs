using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Methods;
using RpcLab.Transports.Grpc.Protos.Sum;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Grpc.Client.Adapters;

/// <summary><see cref="IParallelSumService"/> over <c>rpclab.sum.ParallelSum</c>. Thread-safe.</summary>
internal sealed class SumClientAdapter(GrpcCallInvoker invoker, CallOptions options) : IParallelSumService
{
    public async Task<SumResult> SumAsync(int[] a, int[] b, int parallelism = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var request = new SumRequest { Parallelism = parallelism };
        request.A.AddRange(a);
        request.B.AddRange(b);
        return (await invoker.UnaryAsync(SumMethods.Sum, request, options, cancellationToken).ConfigureAwait(false)).ToContract();
    }
}
