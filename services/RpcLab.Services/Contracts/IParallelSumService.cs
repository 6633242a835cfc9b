namespace RpcLab.Services.Contracts;

/// <summary>
/// Element-wise sum of two int arrays, computed on the server by several threads.
/// Implementations are thread-safe.
/// </summary>
public interface IParallelSumService
{
    /// <summary>
    /// Returns <c>a[i] + b[i]</c> for every i, computed by up to <paramref name="parallelism"/> workers
    /// (0 = the server's default, its processor count). The result is widened to <see cref="long"/>,
    /// so no sum of two ints can overflow. Arrays of different lengths: InvalidArgument.
    /// </summary>
    [Idempotent]
    Task<SumResult> SumAsync(int[] a, int[] b, int parallelism = 0, CancellationToken cancellationToken = default);
}

/// <summary>The element-wise sums and the number of workers that computed them.</summary>
public sealed record SumResult(long[] Sum, int Workers);
