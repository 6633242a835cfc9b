using RpcLab.Measurement.Results;

namespace RpcLab.Measurement.Reports;

/// <summary>The rows of one results file and how they were measured. Immutable.</summary>
public sealed record Measured<TRow>(IReadOnlyList<TRow> Rows, RunInfo Info)
{
    /// <summary>Reads <paramref name="file"/> in <paramref name="folder"/> and its sidecar; null when the file is not there.</summary>
    public static Measured<TRow>? Read(string folder, string file, Func<string, string, List<TRow>> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var path = Path.Combine(folder, file);
        if (!File.Exists(path))
        {
            return null;
        }

        var sidecar = RunInfo.SidecarOf(path);
        if (!File.Exists(sidecar))
        {
            throw new FormatException($"{path} has no {Path.GetFileName(sidecar)} beside it (the machine, commit and command it was measured with)");
        }

        try
        {
            return new Measured<TRow>(parse(File.ReadAllText(path), file), RunInfo.FromJson(File.ReadAllText(sidecar), Path.GetFileName(sidecar)));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException($"{sidecar}: {e.Message}", e);
        }
    }
}
