using System.Numerics.Tensors;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;

namespace RpcLab.Services.Sum;

/// <summary>
/// The element-wise sum of two int arrays, split into one contiguous chunk per worker and run on
/// thread-pool threads through <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/>.
/// Each sum is widened to <see cref="long"/> before adding, so even <c>int.MaxValue + int.MaxValue</c>
/// is exact. Stateless apart from its options, so it is thread-safe.
/// </summary>
public sealed class ParallelSumService : IParallelSumService
{
    // How many elements a worker adds between two looks at the cancellation token: small enough to
    // stop promptly, large enough that the check costs nothing next to the additions.
    private const int CancellationStride = 1 << 16;

    // Elements widened and added at a time: 8 KiB of longs, a quarter of a typical L1 data cache.
    private const int Block = 1024;

    private readonly int _defaultParallelism;
    private readonly int _maxParallelism;

    public ParallelSumService(ServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _maxParallelism = Math.Max(1, options.MaxParallelism);
        _defaultParallelism = Math.Clamp(options.DefaultParallelism, 1, _maxParallelism);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Workers: <paramref name="parallelism"/> (0 = the configured default), capped at the configured
    /// maximum and at the number of elements (so two empty arrays are summed by 0 workers).
    /// Negative parallelism, a null array or arrays of different lengths: InvalidArgument.
    /// </remarks>
    public async Task<SumResult> SumAsync(int[] a, int[] b, int parallelism = 0, CancellationToken cancellationToken = default)
    {
        if (a is null || b is null)
        {
            throw RpcException.InvalidArgument($"both arrays are required (a is {(a is null ? "null" : "set")}, b is {(b is null ? "null" : "set")})");
        }

        if (a.Length != b.Length)
        {
            throw RpcException.InvalidArgument($"the arrays must have the same length (a has {a.Length}, b has {b.Length})");
        }

        if (parallelism < 0)
        {
            throw RpcException.InvalidArgument($"parallelism must be 0 (server default) or positive, not {parallelism}");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var workers = Workers(parallelism, a.Length);
        if (workers == 0)
        {
            return new SumResult([], 0);
        }

        // Not zeroed first: every element is written by exactly one worker, and zeroing 8 bytes per element
        // on this thread is serial work that costs as much as a worker's whole share (the sum is bound by
        // memory bandwidth, not arithmetic).
        var sum = GC.AllocateUninitializedArray<long>(a.Length);

        // Off the caller's thread: a transport's I/O thread must not be blocked by the computation.
        await Task.Run(() => Compute(a, b, sum, workers, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new SumResult(sum, workers);
    }

    internal int Workers(int parallelism, int length)
    {
        var requested = parallelism == 0 ? _defaultParallelism : parallelism;
        return Math.Min(Math.Min(requested, _maxParallelism), length);
    }

    private static void Compute(int[] a, int[] b, long[] sum, int workers, CancellationToken cancellationToken)
    {
        if (workers == 1)
        {
            AddChunk(a, b, sum, 0, a.Length, cancellationToken);
            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken };
        Parallel.For(0, workers, options, worker =>
        {
            // Chunk boundaries spread the remainder over the first chunks: sizes differ by at most one.
            var start = (int)((long)a.Length * worker / workers);
            var end = (int)((long)a.Length * (worker + 1) / workers);
            AddChunk(a, b, sum, start, end, cancellationToken);
        });
    }

    private static void AddChunk(int[] a, int[] b, long[] sum, int start, int end, CancellationToken cancellationToken)
    {
        for (var from = start; from < end; from += CancellationStride)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(CancellationStride, end - from);
            Add(a.AsSpan(from, length), b.AsSpan(from, length), sum.AsSpan(from, length));
        }
    }

    /// <summary>
    /// destination[i] = (long)x[i] + y[i], through <see cref="TensorPrimitives"/> (SIMD on every CPU it knows).
    /// TensorPrimitives adds spans of one type, so each block of <see cref="Block"/> elements is first widened
    /// to long (into the destination, and for y into a stack buffer) and then added in place. A block is small
    /// enough for its two extra passes to stay in the L1 cache, so memory still sees one read of x, one of y
    /// and one write of the destination: the access pattern of the bandwidth ceiling the micro suite measures.
    /// </summary>
    internal static void Add(ReadOnlySpan<int> x, ReadOnlySpan<int> y, Span<long> destination)
    {
        Span<long> widenedY = stackalloc long[Block];
        for (var from = 0; from < x.Length; from += Block)
        {
            var length = Math.Min(Block, x.Length - from);
            var sum = destination.Slice(from, length);
            var yBlock = widenedY[..length];

            // Int to long is exact, so truncating conversion only widens.
            TensorPrimitives.ConvertTruncating<int, long>(x.Slice(from, length), sum);
            TensorPrimitives.ConvertTruncating<int, long>(y.Slice(from, length), yBlock);
            TensorPrimitives.Add<long>(sum, yBlock, sum);
        }
    }
}
