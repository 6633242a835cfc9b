using RpcLab.Seminar.Checks;
using RpcLab.Seminar.Checks.OneContract;

namespace RpcLab.Tests.Seminar;

/// <summary>Lab 2's workspace with its solutions (Lab02Solutions/), checked by one-contract; its server takes the transport, then the port.</summary>
public sealed class Lab02Workspace() : LabWorkspace(2)
{
    protected override ILabCheckSuite Suite { get; } = new OneContractCheckSuite();

    protected override IReadOnlyList<string> ServerArguments(string transport) => [transport, "0"];
}
