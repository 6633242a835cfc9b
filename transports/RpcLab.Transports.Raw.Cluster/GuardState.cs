namespace RpcLab.Transports.Raw.Cluster;

/// <summary>One procedure run's guard: the token that says its time is up, and why it was stopped. Thread-safe.</summary>
internal sealed class GuardState(CancellationToken token)
{
    private const int Running = -1;
    private int _reason = Running;

    public CancellationToken Token { get; } = token;

    public StopReason? Reason => Volatile.Read(ref _reason) is var reason && reason == Running ? null : (StopReason)reason;

    /// <summary>Records the first reason the procedure was stopped, and makes the exception that says so.</summary>
    public ProcedureStoppedException Stop(StopReason reason)
    {
        Interlocked.CompareExchange(ref _reason, (int)reason, Running);
        return new ProcedureStoppedException(reason);
    }
}
