using RpcLab.Measurement.Results;

namespace RpcLab.Measurement.Reports;

/// <summary>
/// The results a report is made from, read from a results folder: the load sweep, the check against h2load
/// and the micro-benchmarks, each with the <see cref="RunInfo"/> that says how it was measured; any of them
/// may be missing, not all. Immutable.
/// </summary>
public sealed record ReportInputs(
    Measured<LoadRow>? Load,
    Measured<H2LoadRow>? H2Load,
    Measured<MicroRow>? Micro)
{
    /// <summary>Reads <paramref name="folder"/>. Throws FormatException when a file does not parse, FileNotFoundException when there are no results at all.</summary>
    public static ReportInputs Read(string folder)
    {
        var inputs = new ReportInputs(
            Measured<LoadRow>.Read(folder, ResultsFiles.Load, LoadCsv.Read),
            Measured<H2LoadRow>.Read(folder, ResultsFiles.H2Load, H2LoadCsv.Read),
            Measured<MicroRow>.Read(folder, ResultsFiles.Micro, MicroCsv.Read));
        return inputs.Runs.Any()
            ? inputs
            : throw new FileNotFoundException($"no results in {folder}: expected {ResultsFiles.Load}, {ResultsFiles.H2Load} or {ResultsFiles.Micro} (rpclab bench all --out <folder> writes them)");
    }

    /// <summary>Each results file present, with its name and how it was measured, in a fixed order.</summary>
    public IEnumerable<(string File, RunInfo Info)> Runs =>
        new (string, RunInfo?)[] { (ResultsFiles.Load, Load?.Info), (ResultsFiles.H2Load, H2Load?.Info), (ResultsFiles.Micro, Micro?.Info) }
            .Where(r => r.Item2 is not null)
            .Select(r => (r.Item1, r.Item2!));
}
