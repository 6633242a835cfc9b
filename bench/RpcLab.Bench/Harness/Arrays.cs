namespace RpcLab.Bench.Harness;

/// <summary>The benchmarks' input arrays: the same pseudo-random values on every run (a fixed seed), small and non-negative as counts and ids are.</summary>
public static class Arrays
{
    public static (int[] A, int[] B) Pair(int length)
    {
        var random = new Random(20_26);
        var a = new int[length];
        var b = new int[length];
        for (var i = 0; i < length; i++)
        {
            a[i] = random.Next(0, 1000);
            b[i] = random.Next(0, 1000);
        }

        return (a, b);
    }
}
