using RpcLab.Seminar.Checks;
using RpcLab.Seminar.Checks.FirstRpc;
using RpcLab.Seminar.Workspaces;

namespace RpcLab.Tests.Seminar;

/// <summary>
/// One Lab 1 workspace for a whole test class, written by <see cref="WorkspaceWriter"/> into a temporary folder and
/// built once as written (restore and build take about a minute here); each variant then overlays its files from
/// Lab01Solutions/ and rebuilds only what changed, so the set stays within a few minutes. Variants are applied one
/// at a time (the tests of a class run one after another); the folder is deleted at the end. The untouched workspace
/// is checked while it is still untouched, in <see cref="InitializeAsync"/>, since no test order is guaranteed.
/// </summary>
public sealed class Lab01Workspace : IAsyncLifetime
{
    private const string Written = "written";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _current;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "rpclab-lab01-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>What the first-rpc checks found on the workspace as written, before any solution was copied over it.</summary>
    public SuiteRun? Untouched { get; private set; }

    private static string Solutions => Path.Combine(AppContext.BaseDirectory, "Seminar", "Lab01Solutions");

    public async Task InitializeAsync()
    {
        WorkspaceWriter.Write(1, Folder);
        await DotnetProcess.BuildAsync(Folder, ".", BuildTimeout);
        _current = Written;
        Untouched = await CheckAsync();
    }

    /// <summary>Starts the workspace's server as built now, runs every first-rpc check against it, and stops it.</summary>
    public async Task<SuiteRun> CheckAsync()
    {
        await using var server = await WorkspaceServer.StartAsync(Folder);
        var context = new CheckContext("127.0.0.1", server.Port, "grpc", restartServer: null);
        var outcomes = new List<(LabCheck, CheckOutcome)>();
        foreach (var check in new FirstRpcCheckSuite().Checks)
        {
            // One minute each, as the runner gives each check its own time: a busy machine slows one, not the rest.
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            outcomes.Add((check, await check.RunAsync(context, timeout.Token)));
        }

        return new SuiteRun(outcomes, context);
    }

    /// <summary>
    /// Makes the workspace <paramref name="variant"/>: the written workspace, or the correct solution with the files
    /// of <paramref name="variant"/> over it (Lab01Solutions/correct, then Lab01Solutions/variant), built.
    /// </summary>
    public async Task UseAsync(string variant)
    {
        await _gate.WaitAsync();
        try
        {
            if (_current == variant)
            {
                return;
            }

            var first = _current == Written;
            SolutionFiles.Overlay(Path.Combine(Solutions, "correct"), Folder);
            if (variant != "correct")
            {
                SolutionFiles.Overlay(Path.Combine(Solutions, variant), Folder);
            }

            _current = null;

            // The first solution changes the .proto, which both projects compile; after it only the server changes.
            await DotnetProcess.BuildAsync(Folder, first ? "." : "Server", BuildTimeout);
            _current = variant;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task DisposeAsync()
    {
        SolutionFiles.Delete(Folder);
        _gate.Dispose();
        return Task.CompletedTask;
    }
}
