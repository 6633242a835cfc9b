using System.Numerics;
using BenchmarkDotNet.Attributes;
using RpcLab.Bench.Harness;
using RpcLab.Measurement.Results;

namespace RpcLab.Bench.Benchmarks;

/// <summary>
/// The two limits the parallel sum's thread scaling (<see cref="ThreadScalingBenchmarks"/>) is read against, with the
/// same arrays and the same split into one contiguous chunk per worker. <see cref="Ceiling"/> is this machine's
/// memory-bandwidth ceiling for the sum's access pattern: read two int arrays, write one long array, with the
/// plainest SIMD loop and ordinary stores, into a result allocated once (so no page is touched for the first time
/// inside the measurement). <see cref="ComputeBound"/> runs a per-element function heavy enough that arithmetic,
/// not memory, is the limit: there threads pay, and its speed-up shows what the cores could give.
/// </summary>
[BenchmarkCategory(MicroCategories.ThreadScaling)]
public class ThreadScalingLimitsBenchmarks
{
    // Mixing rounds per element in the compute-bound variant: several nanoseconds of dependent multiplies per
    // element, an order of magnitude above the fraction of a nanosecond its 16 bytes take to move.
    private const int MixRounds = 4;

    private int[] _a = [];
    private int[] _b = [];
    private long[] _result = [];

    [Params(10_000_000)]
    public int Ints { get; set; }

    [Params(1, 2)]
    public int Workers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_a, _b) = Arrays.Pair(Ints);
        _result = new long[Ints];
        Array.Fill(_result, 1L);
    }

    [Benchmark]
    public long[] Ceiling()
    {
        Split(Workers, _a.Length, (start, end) => WidenAndAdd(_a.AsSpan(start..end), _b.AsSpan(start..end), _result.AsSpan(start..end)));
        return _result;
    }

    [Benchmark]
    public long[] ComputeBound()
    {
        Split(Workers, _a.Length, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                _result[i] = Mix(_a[i], _b[i]);
            }
        });
        return _result;
    }

    /// <summary>The service's split: one contiguous chunk per worker, sizes differing by at most one.</summary>
    private static void Split(int workers, int length, Action<int, int> chunk)
    {
        if (workers == 1)
        {
            chunk(0, length);
            return;
        }

        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
            chunk((int)((long)length * worker / workers), (int)((long)length * (worker + 1) / workers)));
    }

    // The service's worker loop is this same loop (chosen by measurement), but the yardstick keeps its own copy: a
    // ceiling must not move when the code it measures is changed.
    private static void WidenAndAdd(ReadOnlySpan<int> x, ReadOnlySpan<int> y, Span<long> destination)
    {
        var i = 0;
        var width = Vector<int>.Count;
        for (; i <= x.Length - width; i += width)
        {
            Vector.Widen(new Vector<int>(x[i..]), out var xLow, out var xHigh);
            Vector.Widen(new Vector<int>(y[i..]), out var yLow, out var yHigh);
            (xLow + yLow).CopyTo(destination[i..]);
            (xHigh + yHigh).CopyTo(destination[(i + Vector<long>.Count)..]);
        }

        for (; i < x.Length; i++)
        {
            destination[i] = (long)x[i] + y[i];
        }
    }

    /// <summary>A 64-bit finaliser (MurmurHash3's) applied a few times: dependent multiplies the CPU cannot overlap.</summary>
    private static long Mix(int x, int y)
    {
        var h = (uint)x | ((ulong)(uint)y << 32);
        for (var round = 0; round < MixRounds; round++)
        {
            h ^= h >> 33;
            h *= 0xff51afd7ed558ccdUL;
        }

        return (long)h;
    }
}
