using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace RpcLab.Bench.Harness;

/// <summary>
/// A case's mean as a multiple of another case's: the same benchmark with the same parameters but another
/// <c>Transport</c> (the in-process baseline, or the TCP floor). BenchmarkDotNet's own Ratio compares
/// methods; here the transport is a parameter, so the baseline is a parameter value. Thread-safe.
/// </summary>
public sealed class RatioColumn(string header, Func<string?> reference) : IColumn
{
    public const string TransportParameter = "Transport";

    public string Id => $"{nameof(RatioColumn)}.{header}";

    public string ColumnName => header;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"Mean as a multiple of the mean over {reference() ?? "the reference"} with the same parameters";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var name = reference();
        var other = name is null ? null : summary.BenchmarksCases.FirstOrDefault(c => IsReferenceOf(c, benchmarkCase, name));
        var mine = summary[benchmarkCase]?.ResultStatistics?.Mean;
        var theirs = other is null ? null : summary[other]?.ResultStatistics?.Mean;
        return mine is { } a && theirs is > 0 ? (a / theirs.Value).ToString("0.00", CultureInfo.InvariantCulture) : "-";
    }

    private static bool IsReferenceOf(BenchmarkCase candidate, BenchmarkCase benchmarkCase, string transport) =>
        candidate.Descriptor == benchmarkCase.Descriptor
        && Equals(candidate.Parameters[TransportParameter], transport)
        && candidate.Parameters.Items.Where(p => p.Name != TransportParameter)
            .All(p => Equals(p.Value, benchmarkCase.Parameters[p.Name]));
}
