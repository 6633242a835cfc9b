using RpcLab.Measurement.Results;

namespace RpcLab.Seminar.Checks.WhereTheTimeGoes;

/// <summary>
/// Lab 7's results in a student's workspace: <c>results/&lt;setting&gt;/&lt;run&gt;.csv</c>, each with the .json
/// <c>rpclab bench load -o</c> writes beside it, and <c>report.md</c>. Reading fails with a
/// <see cref="CheckFailedException"/> naming the file and what is wrong. Immutable.
/// </summary>
public sealed class StudentResults
{
    public const string ResultsFolder = "results";

    public const string ReportFile = "report.md";

    private StudentResults(string workspace, IReadOnlyList<MeasuredRun> runs)
    {
        Workspace = workspace;
        Runs = runs;
    }

    public string Workspace { get; }

    /// <summary>Every run, ordered by setting, then file name.</summary>
    public IReadOnlyList<MeasuredRun> Runs { get; }

    /// <summary>The settings (folders under results/) in order, each with its runs.</summary>
    public IEnumerable<IGrouping<string, MeasuredRun>> Settings => Runs.GroupBy(r => r.Setting, StringComparer.Ordinal);

    /// <summary>Reads every run under the workspace's results/ folder.</summary>
    public static StudentResults Read(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var workspace = context.Workspace ?? throw new CheckFailedException("these checks read your results: run the check with --workspace DIR (your workspace folder)");
        var folder = Path.Combine(workspace, ResultsFolder);
        if (!Directory.Exists(folder))
        {
            throw new CheckFailedException($"{folder} does not exist: put each setting's runs in results/<setting>/ (rpclab bench load ... -o results/<setting>/closed-1.csv)");
        }

        var runs = new List<MeasuredRun>();
        foreach (var csv in Directory.EnumerateFiles(folder, "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(workspace, csv);
            var setting = Path.GetRelativePath(folder, Path.GetDirectoryName(csv)!);
            if (setting == ".")
            {
                throw new CheckFailedException($"{name} is not in a setting's folder: move it to results/<setting>/");
            }

            var sidecar = RunInfo.SidecarOf(csv);
            if (!File.Exists(sidecar))
            {
                throw new CheckFailedException($"{name} has no {Path.GetFileName(sidecar)} beside it (the machine, commit and command of the run): write results with rpclab bench load ... -o FILE.csv, which writes both");
            }

            try
            {
                var rows = LoadCsv.Read(File.ReadAllText(csv), name);
                var info = RunInfo.FromJson(File.ReadAllText(sidecar), Path.GetRelativePath(workspace, sidecar));
                if (rows.Count == 0)
                {
                    throw new CheckFailedException($"{name} has no rows: the run measured nothing");
                }

                runs.Add(new MeasuredRun(setting, csv, rows, info) { Name = name });
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
            {
                throw new CheckFailedException($"{name} is not a results file of rpclab bench load: {e.Message}", e);
            }
        }

        if (runs.Count == 0)
        {
            throw new CheckFailedException($"{folder} holds no CSV: save each run with rpclab bench load ... -o results/<setting>/closed-1.csv");
        }

        return new StudentResults(workspace, runs);
    }
}
