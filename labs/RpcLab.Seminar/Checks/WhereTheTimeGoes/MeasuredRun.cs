using RpcLab.Measurement.Load;
using RpcLab.Measurement.Results;

namespace RpcLab.Seminar.Checks.WhereTheTimeGoes;

/// <summary>
/// One <c>rpclab bench load -o FILE.csv</c> of the student's: the setting it measured (its folder under results/), its
/// rows (one per concurrency), and the command its .json sidecar recorded, from which the warm-ups are read. Immutable.
/// </summary>
public sealed record MeasuredRun(string Setting, string Path, IReadOnlyList<LoadRow> Rows, RunInfo Info)
{
    /// <summary>"results/grpc-new-channel/closed-1.csv": how the checks name the run to the student.</summary>
    public required string Name { get; init; }

    /// <summary>The run's mode (closed or open): every row of one command has the same; mixed modes name both.</summary>
    public string Mode => string.Join("+", Rows.Select(r => r.Mode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary>
    /// The shortest warm-up any of its rows had: <c>--warmup</c> before every row, and <c>--server-warmup</c> added
    /// to the first (as the sweep does); the defaults when the command does not give them. Null when the command
    /// writes a duration that does not parse (it would not have run).
    /// </summary>
    public TimeSpan? ShortestWarmup()
    {
        var words = ShellWords.Split(Info.Command);
        if (Option(words, "--warmup", SweepOptions.DefaultWarmup) is not { } warmup || Option(words, "--server-warmup", SweepOptions.DefaultServerWarmup) is not { } server)
        {
            return null;
        }

        return Rows.Count > 1 ? warmup : warmup + server;
    }

    // The value of --name V, --name=V or --name:V (System.CommandLine takes all three); the last one wins, as there.
    private static TimeSpan? Option(IReadOnlyList<string> words, string name, TimeSpan absent)
    {
        string? value = null;
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] == name && i + 1 < words.Count)
            {
                value = words[i + 1];
            }
            else if (words[i].StartsWith(name + "=", StringComparison.Ordinal) || words[i].StartsWith(name + ":", StringComparison.Ordinal))
            {
                value = words[i][(name.Length + 1)..];
            }
        }

        return value is null ? absent : Durations.TryParse(value, out var parsed) ? parsed : null;
    }
}
