using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// What shipped procedures call, invisibly: <see cref="GuardRewriter"/> puts <see cref="Check"/> at the top of every
/// loop body and every method, local function, lambda and accessor before the source is compiled, and makes every
/// catch clause let the guard's exception through. So a procedure that runs past its time limit throws at its next
/// loop turn or call, one that recurses without end throws before the stack runs out (which would kill the whole
/// server: .NET cannot catch a stack overflow), and one that has allocated more than its memory limit on its thread
/// throws at its next check. Only the thread a node runs the procedure on is guarded; procedures that could reach the
/// guard's state (reflection, unsafe code) or run code on other threads are refused before they compile
/// (<see cref="ProcedureRules"/>). Thread-safe (the state is per thread).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ProcedureGuard
{
    [ThreadStatic]
    private static GuardState? t_state;

    /// <summary>True once this thread's procedure has been stopped: its own catch clauses no longer catch.</summary>
    public static bool Stopping => t_state?.Reason is not null;

    /// <summary>Throws when this thread's procedure is past its time limit or its memory limit, or nearly out of stack; otherwise nothing.</summary>
    public static void Check()
    {
        var state = t_state;
        if (state is null)
        {
            return;
        }

        if (state.Reason is { } reason)
        {
            throw new ProcedureStoppedException(reason);
        }

        if (state.Token.IsCancellationRequested)
        {
            throw state.Stop(StopReason.TimeLimit);
        }

        if (state.OverMemoryLimit)
        {
            throw state.Stop(StopReason.Memory);
        }

        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw state.Stop(StopReason.Stack);
        }
    }

    internal static void Enter(GuardState state) => t_state = state;

    internal static void Exit() => t_state = null;
}
