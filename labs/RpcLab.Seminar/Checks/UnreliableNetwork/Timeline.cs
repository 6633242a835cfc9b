using System.Globalization;
using System.Net;
using System.Text;

namespace RpcLab.Seminar.Checks.UnreliableNetwork;

/// <summary>
/// Draws a run's timeline as one HTML page with an inline SVG, in the manner of the timelines MIT 6.5840's checker and
/// Maelstrom draw: time to the right, a lane for the checker, the proxy and each clerk; a dot per answered call (green
/// on the first attempt, amber after retries, red for giving up), a tick per fault (red lost, blue held back or
/// duplicated), grey lines for phases, partitions and restarts. Hover a mark for its text. Stateless.
/// </summary>
internal static class Timeline
{
    public const string FileName = "lab06-timeline.html";

    private const int Left = 90;
    private const int Width = 1400;
    private const int LaneHeight = 28;

    public static string Render(IReadOnlyList<TimelineEvent> events, string title)
    {
        var inv = CultureInfo.InvariantCulture;
        var lanes = events.Select(e => e.Lane).Distinct()
            .OrderBy(l => l switch { "checker" => 0, "proxy" => 1, _ => 2 })
            .ThenBy(l => l.Length).ThenBy(l => l, StringComparer.Ordinal)
            .ToList();
        var end = events.Count == 0 ? 1.0 : Math.Max(1.0, events[^1].At.TotalSeconds);
        var height = (lanes.Count * LaneHeight) + 40;
        double X(TimeSpan at) => Left + (at.TotalSeconds / end * (Width - Left - 10));
        double Y(string lane) => 20 + (lanes.IndexOf(lane) * LaneHeight) + (LaneHeight / 2.0);

        var svg = new StringBuilder();
        svg.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">\n");
        foreach (var lane in lanes)
        {
            svg.Append(inv, $"<text x=\"4\" y=\"{Y(lane) + 4:0}\">{Html(lane)}</text><line x1=\"{Left}\" x2=\"{Width - 10}\" y1=\"{Y(lane):0}\" y2=\"{Y(lane):0}\" stroke=\"#ddd\"/>\n");
        }

        for (var second = 0; second <= (int)end; second += end > 30 ? 5 : 1)
        {
            var x = X(TimeSpan.FromSeconds(second));
            svg.Append(inv, $"<text x=\"{x:0}\" y=\"{height - 6}\" fill=\"#888\">{second} s</text>\n");
        }

        foreach (var e in events)
        {
            var x = X(e.At);
            var y = Y(e.Lane);
            var tip = Html(string.Create(inv, $"{e.At.TotalMilliseconds:0} ms  {e.Text}"));
            svg.Append(e.Mark switch
            {
                TimelineMark.Phase => string.Create(inv, $"<line x1=\"{x:0.0}\" x2=\"{x:0.0}\" y1=\"12\" y2=\"{height - 20}\" stroke=\"#999\" stroke-dasharray=\"3,3\"><title>{tip}</title></line>"),
                TimelineMark.Lost => string.Create(inv, $"<line x1=\"{x:0.0}\" x2=\"{x:0.0}\" y1=\"{y - 8:0}\" y2=\"{y + 8:0}\" stroke=\"#d22\" stroke-width=\"2\"><title>{tip}</title></line>"),
                TimelineMark.Delayed => string.Create(inv, $"<line x1=\"{x:0.0}\" x2=\"{x:0.0}\" y1=\"{y - 6:0}\" y2=\"{y + 6:0}\" stroke=\"#36c\" stroke-width=\"2\"><title>{tip}</title></line>"),
                TimelineMark.Retried => string.Create(inv, $"<circle cx=\"{x:0.0}\" cy=\"{y:0}\" r=\"4\" fill=\"#e90\"><title>{tip}</title></circle>"),
                TimelineMark.Failed => string.Create(inv, $"<circle cx=\"{x:0.0}\" cy=\"{y:0}\" r=\"6\" fill=\"#d22\"><title>{tip}</title></circle>"),
                _ => string.Create(inv, $"<circle cx=\"{x:0.0}\" cy=\"{y:0}\" r=\"3\" fill=\"#2a2\"><title>{tip}</title></circle>"),
            }).Append('\n');
        }

        svg.Append("</svg>\n");
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(Html(title)).Append("</title></head><body>\n");
        page.Append("<h1>").Append(Html(title)).Append("</h1>\n");
        page.Append("<p>Time runs to the right. Clerks: a dot per answered call, green on the first attempt, amber after retries, red where a clerk gave up. ");
        page.Append("Proxy: red ticks are lost requests and replies, blue ones messages held back (reordered) or duplicated; dashed lines are the checker's phases, partitions and heals. Hover a mark for its text.</p>\n");
        page.Append(svg);
        page.Append("<h2>Counts</h2>\n<table border=\"1\" cellpadding=\"3\"><tr><th>lane</th><th>marks</th><th>retried</th><th>lost</th><th>held back</th></tr>\n");
        foreach (var lane in lanes)
        {
            var of = events.Where(e => e.Lane == lane).ToList();
            page.Append(inv, $"<tr><td>{Html(lane)}</td><td>{of.Count}</td><td>{of.Count(e => e.Mark == TimelineMark.Retried)}</td><td>{of.Count(e => e.Mark == TimelineMark.Lost)}</td><td>{of.Count(e => e.Mark == TimelineMark.Delayed)}</td></tr>\n");
        }

        page.Append("</table>\n</body></html>\n");
        return page.ToString();
    }

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
