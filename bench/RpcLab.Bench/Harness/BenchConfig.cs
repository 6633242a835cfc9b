using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;
using RpcLab.Measurement.Load;

namespace RpcLab.Bench.Harness;

/// <summary>The suite's configuration: allocations per call, the categories, each case's ratio to the in-process baseline and to the floor, times in microseconds, room to build.</summary>
public static class BenchConfig
{
    public static IConfig Create() =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(
                CategoriesColumn.Default,
                new RatioColumn("vs in-process", () => BenchTransports.Baseline.Name),
                new RatioColumn("vs floor", () => LoadServers.FloorTransport))
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared, MethodOrderPolicy.Declared))
            .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Microsecond))

            // Out of process, BenchmarkDotNet builds a project of its own with every transport in it: on a small
            // shared machine that takes longer than its default two minutes.
            .WithBuildTimeout(TimeSpan.FromMinutes(15));
}
