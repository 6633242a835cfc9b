namespace RpcLab.Seminar.Checks;

/// <summary>One check's outcome and how long it took. Immutable.</summary>
public sealed record CheckResult(string Name, CheckOutcome Outcome, TimeSpan Elapsed)
{
    /// <summary>The line printed for it: <c>PASS  name</c>, or <c>FAIL  name: reason</c>.</summary>
    public string Line => Outcome.Passed ? $"PASS  {Name}" : $"FAIL  {Name}: {Outcome.Reason}";
}
