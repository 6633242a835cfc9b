using System.Globalization;

namespace RpcLab.Measurement.Reliability;

/// <summary>
/// One measured figure of a reliability run (a row of reliability.csv): what was measured on what, its value, and the
/// goal it is held to, if any. Immutable.
/// </summary>
/// <param name="Section">parsers, calls, connections or paths.</param>
/// <param name="Subject">The transport, parser or corpus measured.</param>
/// <param name="Name">What the value counts (crashes, hangs, p99 ms, ...).</param>
/// <param name="Value">The value.</param>
/// <param name="Maximum">The goal: the value may be at most this; null when the figure is only reported.</param>
public sealed record Figure(string Section, string Subject, string Name, double Value, double? Maximum = null)
{
    /// <summary>True when there is no goal or the value meets it.</summary>
    public bool Met => Maximum is not { } max || Value <= max;

    /// <summary>The value as the report prints it (whole numbers without decimals).</summary>
    public string ValueText => Value == Math.Floor(Value) && Math.Abs(Value) < 1e15
        ? Value.ToString("N0", CultureInfo.InvariantCulture)
        : Value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>"≤ 50" or "-".</summary>
    public string GoalText => Maximum is { } max ? $"<= {max.ToString("0.##", CultureInfo.InvariantCulture)}" : "-";
}
