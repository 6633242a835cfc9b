using System.Globalization;
using System.Text.RegularExpressions;

namespace RpcLab.Seminar.Checks.UnreliableNetwork;

/// <summary>
/// Runs the student's clerk (<c>--clerk "CMD {port}"</c>) with <c>{port}</c> = the port to call and the clerk's
/// arguments after it, until it exits; every line it prints goes on the timeline, on the lane of the clerk that
/// printed it (<c>clerk 3: ...</c>). The clerk is stopped, whole process group, when the check ends or times out.
/// </summary>
internal static partial class StudentClerks
{
    /// <summary>What a clerk run printed and how it ended.</summary>
    public sealed record Outcome(int ExitCode, IReadOnlyList<string> Lines, TimeSpan EndedAt)
    {
        /// <summary>The last few lines, for a failure's reason.</summary>
        public string Tail => Lines.Count == 0 ? "(it printed nothing)" : string.Join(" / ", Lines.TakeLast(3));
    }

    public static async Task<Outcome> RunAsync(CheckContext context, NetworkRun run, int port, string arguments, CancellationToken cancellationToken)
    {
        var template = context.ClerkCommand
            ?? throw new CheckFailedException("this check runs your clerk: give --clerk \"dotnet run --project ~/lab6 -- clerk {port}\" (rpclab adds the clerk's arguments)");
        var command = template.Replace("{port}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) + " " + arguments;
        var lines = new List<string>();
        run.Mark("checker", TimelineMark.Phase, "clerk " + arguments);
        await using var process = StudentProcess.Start(command, new TerminalLog(), line =>
        {
            lock (lines)
            {
                lines.Add(line);
            }

            Draw(run, line);
        });
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var exitCode = process.ExitCode;
        lock (lines)
        {
            return new Outcome(exitCode, [.. lines], run.Now);
        }
    }

    private static void Draw(NetworkRun run, string line)
    {
        var match = ClerkLine().Match(line);
        var lane = match.Success ? "clerk " + match.Groups["clerk"].Value : "clerks";
        var mark = line.Contains("giving up", StringComparison.OrdinalIgnoreCase) || line.Contains("exception", StringComparison.OrdinalIgnoreCase)
            ? TimelineMark.Failed
            : Attempt().Match(line) is { Success: true } attempt && attempt.Groups["n"].Value != "1" ? TimelineMark.Retried : TimelineMark.Answered;
        run.Mark(lane, mark, line);
    }

    [GeneratedRegex(@"^clerk (?<clerk>\S+):")]
    private static partial Regex ClerkLine();

    [GeneratedRegex(@"attempt (?<n>\d+)")]
    private static partial Regex Attempt();
}
