namespace RpcLab.Seminar;

/// <summary>One client command of a lab run: what it printed (stdout and stderr, as a terminal shows them), its exit code, and whether that is what the sheet expects.</summary>
public sealed record StepResult(ScriptCommand Step, IReadOnlyList<string> Output, int ExitCode)
{
    public bool Passed =>
        ExpectedLine.MatchExactly(Step.Expected, Output) && (Step.ExpectsError ? ExitCode != 0 : ExitCode == 0);
}
