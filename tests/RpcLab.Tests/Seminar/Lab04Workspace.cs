using RpcLab.Seminar.Checks;
using RpcLab.Seminar.Checks.SyncClient;

namespace RpcLab.Tests.Seminar;

/// <summary>Lab 4's workspace with its solutions (Lab04Solutions/), checked by sync-client: the checks run its built mysync.dll as the client.</summary>
public sealed class Lab04Workspace() : LabWorkspace(4)
{
    protected override ILabCheckSuite Suite { get; } = new SyncClientCheckSuite();

    protected override string? ClientCommand =>
        $"dotnet '{Path.Combine(Folder, "bin", "Debug", "net10.0", "mysync.dll")}' {{dir}} --interval {{interval}} --port {{port}}";
}
