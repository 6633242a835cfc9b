using RpcLab.Seminar.Checks;
using RpcLab.Seminar.Checks.CallFailures;

namespace RpcLab.Tests.Seminar;

/// <summary>Lab 3's workspace with its solutions (Lab03Solutions/), checked by call-failures; its server takes gRPC's port and REST's.</summary>
public sealed class Lab03Workspace() : LabWorkspace(3)
{
    protected override ILabCheckSuite Suite { get; } = new CallFailuresCheckSuite();

    protected override IReadOnlyList<string> ServerArguments(string transport) => ["0", "0"];

    /// <summary>The solutions change only the server's sources.</summary>
    protected override string RebuildAfterFirstVariant => "Server";
}
