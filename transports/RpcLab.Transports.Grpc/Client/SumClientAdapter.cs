using RpcLab.Services.Contracts;
using RpcLab.Transports.Grpc.Mapping;
using RpcLab.Transports.Grpc.Protos.Sum;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Grpc.Client;

/// <summary><see cref="IParallelSumService"/> over the generated <see cref="ParallelSum.ParallelSumClient"/>. Thread-safe.</summary>
internal sealed class SumClientAdapter(ParallelSum.ParallelSumClient client, CallOptions options) : IParallelSumService
{
    public async Task<SumResult> SumAsync(int[] a, int[] b, int parallelism = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var request = new SumRequest { Parallelism = parallelism };
        request.A.AddRange(a);
        request.B.AddRange(b);
        return (await client.SumAsync(request, Calls.Options(options, cancellationToken)).ConfigureAwait(false)).ToContract();
    }
}
