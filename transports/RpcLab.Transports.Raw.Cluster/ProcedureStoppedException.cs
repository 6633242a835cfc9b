namespace RpcLab.Transports.Raw.Cluster;

/// <summary>Thrown inside a procedure by <see cref="ProcedureGuard.Check"/>; the procedure's own catch clauses let it pass.</summary>
public sealed class ProcedureStoppedException(StopReason reason)
    : Exception(reason == StopReason.Stack ? "the procedure recursed too deeply" : "the procedure was stopped: its time is up")
{
    public StopReason Reason { get; } = reason;
}
