using RpcLab.Seminar.Checks;
using RpcLab.Seminar.Checks.RawSockets;
using RpcLab.Seminar.Workspaces;

namespace RpcLab.Tests.Seminar;

/// <summary>
/// One Lab 5 workspace for a whole test class, written by <see cref="WorkspaceWriter"/> into a temporary folder and
/// built as written; each variant overlays its files from Lab05Solutions/ (the correct solution, then the variant's
/// own) and rebuilds. Variants are applied one at a time; the folder is deleted at the end. The untouched workspace is
/// checked in <see cref="InitializeAsync"/>, while it is still untouched.
/// </summary>
public sealed class Lab05Workspace : IAsyncLifetime
{
    private const string Written = "written";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);
    private static readonly string Dll = Path.Combine("bin", "Debug", "net10.0", "Lab5.dll");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _current;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "rpclab-lab05-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>What the raw-sockets checks found on the workspace as written.</summary>
    public SuiteRun? Untouched { get; private set; }

    private static string Solutions => Path.Combine(AppContext.BaseDirectory, "Seminar", "Lab05Solutions");

    public async Task InitializeAsync()
    {
        WorkspaceWriter.Write(5, Folder);
        await DotnetProcess.BuildAsync(Folder, ".", BuildTimeout);
        _current = Written;
        Untouched = await CheckAsync();
    }

    /// <summary>Starts the workspace's server as built now, runs every raw-sockets check against it, and stops it (also when a check throws).</summary>
    public async Task<SuiteRun> CheckAsync()
    {
        await using var server = await WorkspaceServer.StartAsync(Folder, Dll);
        var context = new CheckContext("127.0.0.1", server.Port, "raw", restartServer: null) { Workspace = Folder };
        var outcomes = new List<(LabCheck, CheckOutcome)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        foreach (var check in new RawSocketsCheckSuite().Checks)
        {
            outcomes.Add((check, await check.RunAsync(context, timeout.Token)));
        }

        return new SuiteRun(outcomes, context);
    }

    /// <summary>Makes the workspace the correct solution with <paramref name="variant"/>'s files over it, built.</summary>
    public async Task UseAsync(string variant)
    {
        await _gate.WaitAsync();
        try
        {
            if (_current == variant)
            {
                return;
            }

            SolutionFiles.Overlay(Path.Combine(Solutions, "correct"), Folder);
            if (variant != "correct")
            {
                SolutionFiles.Overlay(Path.Combine(Solutions, variant), Folder);
            }

            _current = null;
            await DotnetProcess.BuildAsync(Folder, ".", BuildTimeout);
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
