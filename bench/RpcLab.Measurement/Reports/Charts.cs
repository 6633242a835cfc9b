using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;

namespace RpcLab.Measurement.Reports;

/// <summary>
/// The report's charts, drawn with ScottPlot 5 as SVG text. The same data give the same bytes: a fixed size,
/// a fixed font (DejaVu Sans from its file when installed, so text is measured alike on every machine that has
/// it), colours from the default palette in order, and ticks placed here rather than by a tick generator.
/// Thread-safe apart from the one-time font registration, which is guarded.
/// </summary>
public static partial class Charts
{
    public const int Width = 900;

    public const int Height = 500;

    private const string FontName = "DejaVu Sans";

    private const string FontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    private static readonly Lazy<bool> FontRegistered = new(() =>
    {
        if (!File.Exists(FontFile))
        {
            return false;
        }

        Fonts.AddFontFile(FontName, FontFile, bold: false, italic: false);
        return true;
    });

    /// <summary>
    /// Grouped bars: one group per <paramref name="bars"/> entry, one bar per series in it, named by
    /// <paramref name="series"/>; <paramref name="references"/> as thin horizontal lines (the floor).
    /// </summary>
    public static string Bars(string title, string yLabel, IReadOnlyList<string> series, IReadOnlyList<ChartBar> bars, IReadOnlyList<(string Name, double Value)> references, AxisScale yScale = AxisScale.Linear)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(bars);
        ArgumentNullException.ThrowIfNull(references);
        var plot = NewPlot(title, "", yLabel);
        var palette = new ScottPlot.Palettes.Category10();
        var values = bars.SelectMany(b => b.Values).Concat(references.Select(r => r.Value)).Where(v => Drawable(v, yScale)).DefaultIfEmpty(1).ToList();

        // On a log scale a bar starts a decade below the smallest value, not at 0 (which has no logarithm).
        var baseline = yScale == AxisScale.Log10 ? Math.Floor(Math.Log10(values.Min())) : 0;
        var width = 0.8 / Math.Max(1, series.Count);
        for (var s = 0; s < series.Count; s++)
        {
            var color = palette.GetColor(s);
            var items = bars.Select((b, i) => new Bar
            {
                Position = i + ((s - ((series.Count - 1) / 2.0)) * width),
                Value = Drawable(b.Values[s], yScale) ? Map(b.Values[s], yScale) : baseline,
                ValueBase = baseline,
                Size = width * 0.9,
                FillColor = color,
                LineWidth = 0,
            }).ToArray();
            var plotted = plot.Add.Bars(items);
            plotted.LegendText = series[s];
        }

        for (var r = 0; r < references.Count; r++)
        {
            var line = plot.Add.HorizontalLine(Map(references[r].Value, yScale));
            line.LineWidth = 1.5f;
            line.Color = palette.GetColor(series.Count + r);
            line.LegendText = references[r].Name;
        }

        plot.Axes.Bottom.SetTicks([.. bars.Select((_, i) => (double)i)], [.. bars.Select(b => b.Name)]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        var top = Map(values.Max(), yScale);
        plot.Axes.SetLimits(-0.6, bars.Count - 0.4, baseline, yScale == AxisScale.Log10 ? top + 0.3 : top * 1.15);
        SetTicks(plot.Axes.Left, values, yScale);
        plot.ShowLegend(Alignment.UpperLeft);
        return Render(plot);
    }

    /// <summary>Lines through points, with each axis on its scale; a point with a value that cannot be drawn on a log scale (0 or less) is left out.</summary>
    public static string Lines(string title, string xLabel, string yLabel, IReadOnlyList<ChartLine> lines, AxisScale xScale, AxisScale yScale)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var plot = NewPlot(title, xLabel, yLabel);
        var palette = new ScottPlot.Palettes.Category10();
        var xs = new List<double>();
        var ys = new List<double>();
        for (var i = 0; i < lines.Count; i++)
        {
            var points = lines[i].X.Zip(lines[i].Y)
                .Where(p => Drawable(p.First, xScale) && Drawable(p.Second, yScale))
                .ToList();
            xs.AddRange(points.Select(p => p.First));
            ys.AddRange(points.Select(p => p.Second));
            var scatter = plot.Add.Scatter(points.Select(p => Map(p.First, xScale)).ToArray(), points.Select(p => Map(p.Second, yScale)).ToArray());
            scatter.LegendText = lines[i].Name;
            scatter.Color = palette.GetColor(i);
            scatter.LineWidth = 2;
            scatter.MarkerSize = 7;
            if (lines[i].Secondary)
            {
                // Thin, with hollow markers (Skia's SVG output cannot draw dashes).
                scatter.LineWidth = 1;
                scatter.MarkerShape = MarkerShape.OpenCircle;
            }
        }

        SetTicks(plot.Axes.Bottom, xs, xScale);
        SetTicks(plot.Axes.Left, ys, yScale);
        plot.ShowLegend(Edge.Right);
        return Render(plot);
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        if (FontRegistered.Value)
        {
            plot.Font.Set(FontName);
        }

        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>
    /// The plot as SVG. Skia numbers clip paths from a counter shared by the whole process, so the same chart
    /// would come out with other ids after other charts; they are renumbered in order of appearance.
    /// </summary>
    private static string Render(Plot plot)
    {
        var svg = plot.GetSvgXml(Width, Height);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipPathId().Replace(svg, match =>
        {
            var id = match.Groups["id"].Value;
            if (!ids.TryGetValue(id, out var renumbered))
            {
                renumbered = string.Create(CultureInfo.InvariantCulture, $"clip{ids.Count + 1}");
                ids[id] = renumbered;
            }

            return match.Groups["before"].Value + renumbered;
        });
    }

    [GeneratedRegex(@"(?<before>id=""|url\(#)(?<id>cl_[0-9a-f]+)")]
    private static partial Regex ClipPathId();

    private static bool Drawable(double value, AxisScale scale) => double.IsFinite(value) && (scale == AxisScale.Linear || value > 0);

    private static double Map(double value, AxisScale scale) => scale switch
    {
        AxisScale.Log2 => Math.Log2(value),
        AxisScale.Log10 => Math.Log10(value),
        _ => value,
    };

    private static void SetTicks(IAxis axis, List<double> values, AxisScale scale)
    {
        if (values.Count == 0 || scale == AxisScale.Linear)
        {
            return;
        }

        double[] ticks;
        if (scale == AxisScale.Log2)
        {
            ticks = [.. values.Distinct().Order()];
        }
        else
        {
            var low = Math.Floor(Math.Log10(values.Min()));
            var high = Math.Ceiling(Math.Log10(values.Max()));
            var steps = high - low <= 3 ? new[] { 1.0, 2, 5 } : [1.0];
            ticks = [.. Enumerable.Range((int)low, (int)(high - low) + 1)
                .SelectMany(decade => steps.Select(step => step * Math.Pow(10, decade)))
                .Where(t => t >= values.Min() / 2 && t <= values.Max() * 2)];
        }

        axis.SetTicks([.. ticks.Select(t => Map(t, scale))], [.. ticks.Select(Label)]);
    }

    private static string Label(double value) => value switch
    {
        >= 1_000_000 when value % 1_000_000 == 0 => (value / 1_000_000).ToString("0", CultureInfo.InvariantCulture) + "M",
        >= 1000 when value % 1000 == 0 => (value / 1000).ToString("0", CultureInfo.InvariantCulture) + "k",
        >= 1 => value.ToString("0.##", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
