using RpcLab.Seminar.Checks;

namespace RpcLab.Tests.Seminar;

/// <summary>The outcome of every check of one run against one server, and the run's counters.</summary>
public sealed record SuiteRun(IReadOnlyList<(LabCheck Check, CheckOutcome Outcome)> Outcomes, CheckContext Context)
{
    /// <summary>The outcome of the check whose name starts with <paramref name="name"/>.</summary>
    public CheckOutcome this[string name] => Outcomes.Single(o => o.Check.Name.StartsWith(name, StringComparison.Ordinal)).Outcome;

    /// <summary>Every check's line, PASS or FAIL with its reason, for an assertion's message.</summary>
    public string Report => string.Join('\n', Outcomes.Select(o => $"{(o.Outcome.Passed ? "PASS" : "FAIL")} {o.Check.Name}{(o.Outcome.Passed ? string.Empty : " - " + o.Outcome.Reason)}"));
}
