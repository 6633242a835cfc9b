namespace RpcLab.Measurement.Reports;

/// <summary>The files a report consists of, relative to its folder.</summary>
public static class ReportFiles
{
    public const string Readme = "README.md";

    public const string ChartsFolder = "charts";

    public const string Latency = "latency.svg";

    public const string Throughput = "throughput.svg";

    public const string P99 = "p99.svg";

    public const string Foreign = "foreign.svg";

    public const string Payload = "payload.svg";

    public const string Scaling = "scaling.svg";
}
