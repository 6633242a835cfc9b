using RpcLab.Seminar.Checks;
using RpcLab.Seminar.Checks.RawSockets;

namespace RpcLab.Tests.Seminar;

/// <summary>Lab 5's workspace with its solutions (Lab05Solutions/), checked by raw-sockets; its server is Lab5.dll.</summary>
public sealed class Lab05Workspace() : LabWorkspace(5)
{
    protected override ILabCheckSuite Suite { get; } = new RawSocketsCheckSuite();

    protected override string? ServerDll { get; } = Path.Combine("bin", "Debug", "net10.0", "Lab5.dll");
}
