namespace RpcLab.Measurement.Reports;

/// <summary>One group of a bar chart (a transport) and its values, one per series (p50, p99). Immutable.</summary>
public sealed record ChartBar(string Name, IReadOnlyList<double> Values);
