namespace RpcLab.Transports.Raw.Cluster;

/// <summary>Thrown inside a procedure by <see cref="ProcedureGuard.Check"/>; the procedure's own catch clauses let it pass.</summary>
public sealed class ProcedureStoppedException(StopReason reason) : Exception(Describe(reason))
{
    public StopReason Reason { get; } = reason;

    private static string Describe(StopReason reason) => reason switch
    {
        StopReason.Stack => "the procedure recursed too deeply",
        StopReason.Memory => "the procedure was stopped: it allocated more than its memory limit",
        _ => "the procedure was stopped: its time is up",
    };
}
