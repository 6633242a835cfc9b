using RpcLab.Seminar.Checks;
using RpcLab.Seminar.Checks.WhereTheTimeGoes;

namespace RpcLab.Tests.Seminar;

/// <summary>
/// A Lab 7 workspace in a temporary folder: the correct results and report of Lab07Solutions/correct, with a named
/// variant's files copied over them and the files its DELETE lists removed. Nothing to build and no server: Lab 7's
/// checks read files. Deleted on dispose.
/// </summary>
public sealed class Lab07Results : IDisposable
{
    private const string DeleteList = "DELETE";

    public Lab07Results(string variant)
    {
        var solutions = Path.Combine(AppContext.BaseDirectory, "Seminar", "Lab07Solutions");
        SolutionFiles.Overlay(Path.Combine(solutions, "correct"), Folder);
        if (variant != "correct")
        {
            var from = Path.Combine(solutions, variant);
            SolutionFiles.Overlay(from, Folder);
            var deletions = Path.Combine(from, DeleteList);
            if (File.Exists(deletions))
            {
                File.Delete(Path.Combine(Folder, DeleteList));
                foreach (var file in File.ReadAllLines(deletions).Where(l => l.Length > 0))
                {
                    File.Delete(Path.Combine(Folder, file));
                }
            }
        }
    }

    public string Folder { get; } = Directory.CreateTempSubdirectory("rpclab-lab07-").FullName;

    /// <summary>Every check of the suite on this workspace, as <c>rpclab check 7 --workspace</c> runs them.</summary>
    public async Task<SuiteRun> CheckAsync()
    {
        var suite = new WhereTheTimeGoesCheckSuite();
        var context = new CheckContext("127.0.0.1", 0, CheckRunner.NoTransport, restartServer: null) { Workspace = Folder };
        var outcomes = new List<(LabCheck, CheckOutcome)>();
        foreach (var check in suite.Checks)
        {
            outcomes.Add((check, await check.RunAsync(context, CancellationToken.None)));
        }

        return new SuiteRun(outcomes, context);
    }

    public void Dispose() => SolutionFiles.Delete(Folder);
}
