using System.Globalization;
using System.Text;

namespace RpcLab.Measurement.Reports;

/// <summary>
/// The report's summary: each figure as the median of its rounds with their range, in how many rounds it met its
/// aim, and the aim. A figure measured once (bytes allocated, counted rather than timed) says "1 of 1": it does not
/// pretend to rounds.
/// Not thread-safe.
/// </summary>
public sealed class AimTable
{
    private readonly MarkdownTable _table = new("figure", "measured (median, min-max of rounds)", "#rounds meeting the aim", "the lab aims for");

    public int Count => _table.Count;

    /// <summary>A figure with one value per round; <paramref name="met"/> null when the aim is not a number to meet.</summary>
    public void Add(string figure, IReadOnlyList<double> perRound, Func<double, string> format, Func<double, bool>? met, string aim)
    {
        ArgumentNullException.ThrowIfNull(perRound);
        var spread = Spread.Of(perRound);
        var count = spread is null || met is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{Spread.Met(perRound, met)} of {spread.Rounds}");
        _table.Add(figure, spread?.Format(format) ?? "-", count, aim);
    }

    /// <summary>A figure measured once, or not at all (null).</summary>
    public void Add(string figure, double? value, Func<double, string> format, Func<double, bool>? met, string aim) =>
        Add(figure, value is { } v ? [v] : [], format, met, aim);

    public void WriteTo(StringBuilder md) => _table.WriteTo(md);
}
