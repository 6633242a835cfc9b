namespace RpcLab.Seminar;

/// <summary>
/// One command of a lab run that runs to its end: what it printed (stdout and stderr, as a terminal shows them), its
/// exit code, and whether that is what the sheet expects; <see cref="RanWith"/> are the words it really ran
/// (captures and the real port filled in). Immutable.
/// </summary>
public sealed record StepResult(ScriptCommand Step, IReadOnlyList<string> Output, int ExitCode)
{
    public IReadOnlyList<string> RanWith { get; init; } = Step.Args;

    public bool Passed =>
        ExpectedLine.MatchExactly(Step.Expected, Output) && (Step.ExpectsError ? ExitCode != 0 : ExitCode == 0);
}
