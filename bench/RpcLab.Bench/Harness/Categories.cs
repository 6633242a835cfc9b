namespace RpcLab.Bench.Harness;

/// <summary>The suite's categories (BenchmarkDotNet's <c>--anyCategories</c> takes these names).</summary>
public static class Categories
{
    public const string Latency = "Latency";

    public const string Payload = "Payload";

    public const string ThreadScaling = "ThreadScaling";

    public const string Streaming = "Streaming";
}
