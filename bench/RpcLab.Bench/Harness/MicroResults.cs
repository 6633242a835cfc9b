using System.Globalization;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using RpcLab.Measurement.Results;

namespace RpcLab.Bench.Harness;

/// <summary>BenchmarkDotNet's summaries as the rows of micro.csv, in the order they ran.</summary>
public static class MicroResults
{
    public static IEnumerable<MicroRow> Rows(IEnumerable<Summary> summaries) =>
        summaries.SelectMany(summary => summary.BenchmarksCases.Select(benchmarkCase =>
        {
            var report = summary[benchmarkCase];
            var statistics = report?.ResultStatistics;
            var parameters = benchmarkCase.Parameters.Items.Where(p => p.Name != RatioColumn.TransportParameter)
                .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name}={p.Value}"));
            return new MicroRow(
                benchmarkCase.Descriptor.Categories.FirstOrDefault() ?? "",
                benchmarkCase.Descriptor.WorkloadMethod.Name,
                benchmarkCase.Parameters[RatioColumn.TransportParameter]?.ToString() ?? "",
                string.Join(';', parameters),
                statistics?.Mean,
                statistics?.Median,
                statistics?.StandardDeviation,
                report?.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is { } bytes ? bytes : null,
                statistics is null ? "no result: the benchmark failed (see its BenchmarkDotNet log)" : "",
                report is null ? null : Iterations(report));
        }));

    /// <summary>The measured iterations' time per operation (overhead taken off, as BenchmarkDotNet's statistics have it), in the order they ran.</summary>
    private static List<double> Iterations(BenchmarkReport report) =>
        [.. report.AllMeasurements
            .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Result)
            .Select(m => m.Nanoseconds / m.Operations)];
}
