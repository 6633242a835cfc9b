using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;

namespace RpcLab.Tests.Grpc.Fakes;

/// <summary>Element-wise sum in one thread; reports the parallelism it was asked for. Thread-safe.</summary>
internal sealed class FakeSumService : IParallelSumService
{
    public Task<SumResult> SumAsync(int[] a, int[] b, int parallelism = 0, CancellationToken cancellationToken = default)
    {
        if (a.Length != b.Length)
        {
            throw RpcException.InvalidArgument($"arrays differ in length ({a.Length} vs {b.Length})");
        }

        var sum = new long[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            sum[i] = (long)a[i] + b[i];
        }

        return Task.FromResult(new SumResult(sum, parallelism == 0 ? 1 : parallelism));
    }
}
