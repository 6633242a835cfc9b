using System.Globalization;

namespace RpcLab.Seminar.Checks;

/// <summary>A finished <c>rpclab check</c>: each check's result and the counters of the summary line. Immutable.</summary>
public sealed record CheckRun(LabFrontMatter? Lab, string Suite, string Transport, string Command, string Student, IReadOnlyList<CheckResult> Results, TimeSpan Elapsed, long Calls, long Bytes, DateTimeOffset StartedAt)
{
    public bool Passed => Results.Count > 0 && Results.All(r => r.Outcome.Passed);

    /// <summary>0 only when every check passed, so a script or a grader can rely on it.</summary>
    public int ExitCode => Passed ? 0 : 1;

    /// <summary>
    /// <c>Passed -- 9 checks, 3.1 s, 41 calls, 8,210 bytes</c> or <c>Failed -- 2 of 9</c>: the shape MIT's labrpc tests
    /// print, so the line students compare is the same on every machine. A suite that made no call (one that reads
    /// files) leaves the counters out.
    /// </summary>
    public string Summary => Passed
        ? Calls == 0 && Bytes == 0
            ? string.Create(CultureInfo.InvariantCulture, $"Passed -- {Results.Count} checks, {Elapsed.TotalSeconds:0.0} s")
            : string.Create(CultureInfo.InvariantCulture, $"Passed -- {Results.Count} checks, {Elapsed.TotalSeconds:0.0} s, {Calls:N0} calls, {Bytes:N0} bytes")
        : string.Create(CultureInfo.InvariantCulture, $"Failed -- {Results.Count(r => !r.Outcome.Passed)} of {Results.Count}");
}
