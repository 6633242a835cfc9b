using RpcLab.Seminar.Checks;
using RpcLab.Seminar.Checks.UnreliableNetwork;

namespace RpcLab.Tests.Seminar;

/// <summary>
/// Lab 6's workspace with its solutions (Lab06Solutions/), checked by unreliable-network. Its server and clerk are one
/// program, Lab6.dll, started as <c>rpclab check 6</c> starts them: the server through <see cref="StudentServer"/> with
/// <c>{port}</c> and <c>{data}</c> (so the restart check can restart it), the clerk through the clerk command; the
/// timeline goes to <see cref="OutFolder"/>.
/// </summary>
public sealed class Lab06Workspace() : LabWorkspace(6)
{
    /// <summary>Where the checks write their timeline (<c>--out</c>).</summary>
    public string OutFolder => Path.Combine(Folder, "out");

    protected override ILabCheckSuite Suite { get; } = new UnreliableNetworkCheckSuite();

    private string Program => Path.Combine(Folder, "bin", "Debug", "net10.0", "Lab6.dll");

    protected override async Task<(IAsyncDisposable? Server, CheckContext Context)> StartServerAsync(string transport)
    {
        var server = await StudentServer.StartAsync($"dotnet '{Program}' server {{port}} {{data}}", "127.0.0.1", TimeSpan.FromMinutes(1), CancellationToken.None);
        var context = new CheckContext("127.0.0.1", server.Port, transport, server.RestartAsync)
        {
            Workspace = Folder,
            ClerkCommand = $"dotnet '{Program}' clerk {{port}}",
            OutDirectory = OutFolder,
        };
        return (server, context);
    }
}
