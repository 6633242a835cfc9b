namespace RpcLab.Measurement.Reports;

/// <summary>
/// <c>rpclab report</c>: results in, README.md and its SVG charts out. Everything written depends on the
/// results alone (no clock, no machine lookup), so the committed report is exactly what this regenerates
/// from the committed results. Charts of an earlier report that this one does not draw are removed.
/// Stateless and thread-safe (two reports into one folder at once are not).
/// </summary>
public static class ReportGenerator
{
    /// <summary>Writes the report of the results in <paramref name="resultsFolder"/> to <paramref name="reportFolder"/>; returns the files written.</summary>
    public static IReadOnlyList<string> Generate(string resultsFolder, string reportFolder)
    {
        var inputs = ReportInputs.Read(resultsFolder);
        var charts = Path.Combine(reportFolder, ReportFiles.ChartsFolder);
        Directory.CreateDirectory(charts);
        var resultsLink = Path.GetRelativePath(reportFolder, resultsFolder).Replace('\\', '/');
        var (markdown, drawn) = ReportWriter.Write(inputs, resultsLink);

        var written = new List<string>();
        foreach (var (name, svg) in drawn)
        {
            var path = Path.Combine(charts, name);
            File.WriteAllText(path, svg);
            written.Add(path);
        }

        foreach (var stale in Directory.GetFiles(charts, "*.svg").Where(f => !drawn.ContainsKey(Path.GetFileName(f))))
        {
            File.Delete(stale);
        }

        var readme = Path.Combine(reportFolder, ReportFiles.Readme);
        File.WriteAllText(readme, markdown);
        written.Insert(0, readme);
        return written;
    }
}
