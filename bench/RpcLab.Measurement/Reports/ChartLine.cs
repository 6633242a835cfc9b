namespace RpcLab.Measurement.Reports;

/// <summary>One line of a line chart: its legend text and points; <paramref name="Secondary"/> draws it thin with hollow markers (a reference, a foreign server). Immutable.</summary>
public sealed record ChartLine(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Secondary = false);
