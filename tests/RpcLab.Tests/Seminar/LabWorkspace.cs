using RpcLab.Seminar.Checks;
using RpcLab.Seminar.Workspaces;

namespace RpcLab.Tests.Seminar;

/// <summary>
/// One lab's workspace for a whole test class, written by <see cref="WorkspaceWriter"/> into a temporary folder and
/// built once as written (restore and build take about a minute here); each variant then overlays its files from
/// LabNNSolutions/ (the correct solution, then the variant's own) and rebuilds, so the set stays within a few minutes.
/// Variants are applied one at a time (the tests of a class run one after another); the folder is deleted at the end.
/// The untouched workspace is checked while it is still untouched, in <see cref="InitializeAsync"/>, since no test
/// order is guaranteed. A lab's fixture says only what differs: its number, its suite, how its server (or client) starts.
/// </summary>
public abstract class LabWorkspace(int lab) : IAsyncLifetime
{
    private const string Written = "written";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _current;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"rpclab-lab{lab:00}-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>What the lab's checks found on the workspace as written, before any solution was copied over it.</summary>
    public SuiteRun? Untouched { get; private set; }

    private string Solutions => Path.Combine(AppContext.BaseDirectory, "Seminar", $"Lab{lab:00}Solutions");

    /// <summary>The lab's check suite.</summary>
    protected abstract ILabCheckSuite Suite { get; }

    /// <summary>The server's built assembly under the workspace, or null for the default (WorkspaceServer's).</summary>
    protected virtual string? ServerDll => null;

    /// <summary>The server's arguments for <paramref name="transport"/>: by default only the port, 0.</summary>
    protected virtual IReadOnlyList<string> ServerArguments(string transport) => ["0"];

    /// <summary>For a suite that checks a client: the client's built program as <c>rpclab check --client</c> would run it.</summary>
    protected virtual string? ClientCommand => null;

    /// <summary>What to rebuild after a variant after the first: by default the whole workspace.</summary>
    protected virtual string RebuildAfterFirstVariant => ".";

    public async Task InitializeAsync()
    {
        WorkspaceWriter.Write(lab, Folder);
        await DotnetProcess.BuildAsync(Folder, ".", BuildTimeout);
        _current = Written;
        Untouched = await CheckAsync();
    }

    /// <summary>
    /// Starts the workspace's server as built now, over <paramref name="transport"/> (null: the suite's first; for a suite
    /// that checks a client, the checks start the client from <see cref="ClientCommand"/> themselves), runs every check of
    /// the suite, and stops it (also when a check throws).
    /// </summary>
    public async Task<SuiteRun> CheckAsync(string? transport = null)
    {
        var (server, context) = await StartServerAsync(transport ?? Suite.Transports[0]);
        await using var stopServer = server;
        await using var stopContext = context;
        var outcomes = new List<(LabCheck, CheckOutcome)>();
        foreach (var check in Suite.Checks)
        {
            // One minute each (or the check's own limit), as the runner gives each check its own time: a busy machine
            // slows one, not the rest.
            using var timeout = new CancellationTokenSource(check.Timeout ?? TimeSpan.FromMinutes(1));
            outcomes.Add((check, await check.RunAsync(context, timeout.Token)));
        }

        return new SuiteRun(outcomes, context);
    }

    /// <summary>
    /// Starts the workspace's server as built now and the context the checks see: by default the server's dll on port
    /// 0 (see <see cref="WorkspaceServer"/>), not restartable. Disposing the first item stops the server.
    /// </summary>
    protected virtual async Task<(IAsyncDisposable Server, CheckContext Context)> StartServerAsync()
    {
        var server = await WorkspaceServer.StartAsync(Folder, ServerDll);
        return (server, new CheckContext("127.0.0.1", server.Port, Suite.Transports[0], restartServer: null) { Workspace = Folder });
    }

    /// <summary>
    /// Starts the workspace's server as built now over <paramref name="transport"/> and the context the checks see: by
    /// default the server's dll with <see cref="ServerArguments"/> (see <see cref="WorkspaceServer"/>), not restartable;
    /// none for a suite that checks a client, whose checks start the client from <see cref="ClientCommand"/> themselves.
    /// Disposing the first item (when not null) stops the server.
    /// </summary>
    protected virtual async Task<(IAsyncDisposable? Server, CheckContext Context)> StartServerAsync(string transport)
    {
        var server = Suite.ChecksClient ? null : await WorkspaceServer.StartAsync(Folder, ServerDll, ServerArguments(transport));
        var context = new CheckContext("127.0.0.1", server?.Port ?? 0, transport, restartServer: null)
        {
            Workspace = Folder,
            ClientCommand = ClientCommand,
        }.WithRestPort(server?.RestPort);
        return (server, context);
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

            var first = _current == Written;

            // A file only the last variant has (a Program.cs of its own) goes back to the template's, which the correct
            // solution then overlays as usual: no variant's file outlives it.
            if (_current is { } last && last != Written && last != "correct")
            {
                SolutionFiles.Remove(Path.Combine(Solutions, last), Folder);
                WorkspaceWriter.Write(lab, Folder);
            }

            SolutionFiles.Overlay(Path.Combine(Solutions, "correct"), Folder);
            if (variant != "correct")
            {
                SolutionFiles.Overlay(Path.Combine(Solutions, variant), Folder);
            }

            _current = null;
            await DotnetProcess.BuildAsync(Folder, first ? "." : RebuildAfterFirstVariant, BuildTimeout);
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
        GC.SuppressFinalize(this);
        return Task.CompletedTask;
    }
}
