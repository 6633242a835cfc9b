using RpcLab.Seminar.Checks;
using RpcLab.Seminar.Checks.FirstRpc;

namespace RpcLab.Tests.Seminar;

/// <summary>Lab 1's workspace with its solutions (Lab01Solutions/), checked by first-rpc.</summary>
public sealed class Lab01Workspace() : LabWorkspace(1)
{
    protected override ILabCheckSuite Suite { get; } = new FirstRpcCheckSuite();

    /// <summary>The first solution changes the .proto, which both projects compile; after it only the server changes.</summary>
    protected override string RebuildAfterFirstVariant => "Server";
}
