namespace RpcLab.Seminar.Checks;

/// <summary>
/// One check: a short name printed on its PASS/FAIL line (<c>Countdown streams n items in order</c>), and the code that
/// runs it against the student's server through the <see cref="CheckContext"/>. A check fails by returning
/// <see cref="CheckOutcome.Fail"/> with a reason that names what is wrong (the method, what was sent, what came back);
/// an exception escaping it is reported as a failure with its message, never as a pass. Immutable.
/// </summary>
public sealed record LabCheck(string Name, Func<CheckContext, CancellationToken, Task<CheckOutcome>> RunAsync)
{
    /// <summary>This check's own time limit, for one that waits for a student's program to build and start; null: the run's.</summary>
    public TimeSpan? Timeout { get; init; }
}
