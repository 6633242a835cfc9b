namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// One procedure run's guard: the token that says its time is up, the call's memory budget, and why it was stopped.
/// Made on the thread it guards, since the budget counts from what that thread had allocated when the call began
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>). Thread-safe.
/// </summary>
internal sealed class GuardState(CancellationToken token, long memoryLimit)
{
    private const int Running = -1;
    private readonly long _allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
    private int _reason = Running;

    public CancellationToken Token { get; } = token;

    public StopReason? Reason => Volatile.Read(ref _reason) is var reason && reason == Running ? null : (StopReason)reason;

    /// <summary>True once the guarded thread has allocated more than the limit since the call began; only meaningful on that thread.</summary>
    public bool OverMemoryLimit => GC.GetAllocatedBytesForCurrentThread() - _allocatedAtStart > memoryLimit;

    /// <summary>Records the first reason the procedure was stopped, and makes the exception that says so.</summary>
    public ProcedureStoppedException Stop(StopReason reason)
    {
        Interlocked.CompareExchange(ref _reason, (int)reason, Running);
        return new ProcedureStoppedException(reason);
    }
}
