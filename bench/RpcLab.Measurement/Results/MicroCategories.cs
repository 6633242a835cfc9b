namespace RpcLab.Measurement.Results;

/// <summary>The micro-benchmarks' categories: BenchmarkDotNet's <c>--anyCategories</c> takes these names, and the report knows them.</summary>
public static class MicroCategories
{
    public const string Latency = "Latency";

    public const string Payload = "Payload";

    public const string ThreadScaling = "ThreadScaling";

    public const string Streaming = "Streaming";
}
