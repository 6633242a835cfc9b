using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RpcLab.Measurement.Results;

/// <summary>
/// What the report must say about a results file: when, on which commit and machine, and by which exact
/// command it was measured, and what the run had to leave out. Written beside each results CSV, with the
/// same name and .json (load.csv and load.json). Immutable.
/// </summary>
public sealed record RunInfo(string Date, string Commit, MachineInfo Machine, string Command, IReadOnlyList<RunNote> Skipped)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,

        // Commands and reasons are read by people: keep '+', quotes and apostrophes as they are.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Now, on this machine, at the checkout's current commit.</summary>
    public static RunInfo Capture(string command, IEnumerable<RunNote>? skipped = null) =>
        new(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture), CurrentCommit(), MachineInfo.Current(), command, [.. skipped ?? []]);

    /// <summary>The sidecar of <paramref name="resultsPath"/>: load.csv -> load.json.</summary>
    public static string SidecarOf(string resultsPath) => Path.ChangeExtension(resultsPath, ".json");

    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    public static RunInfo FromJson(string json, string source) =>
        JsonSerializer.Deserialize<RunInfo>(json, Json) ?? throw new FormatException($"{source}: empty");

    /// <summary>"rpclab bench load --transport all ...": the command as typed, quoted where a word needs it.</summary>
    public static string CommandLine(IEnumerable<string> words) =>
        string.Join(' ', new[] { "rpclab" }.Concat(words.Select(w => w.Length > 0 && w.All(c => char.IsAsciiLetterOrDigit(c) || "-_.,/=:@%+".Contains(c, StringComparison.Ordinal)) ? w : $"'{w.Replace("'", "'\\''", StringComparison.Ordinal)}'")));

    /// <summary>
    /// The checkout's commit, with "+changes" when the work tree differs from it outside reports/ (a run that
    /// writes its results there, file by file, changes nothing that was measured); "unknown" outside a git checkout.
    /// </summary>
    public static string CurrentCommit()
    {
        var root = Load.Repository.Root;
        if (root is null)
        {
            return "unknown";
        }

        var commit = Git(root, "rev-parse", "--short=12", "HEAD");
        if (commit is null)
        {
            return "unknown";
        }

        var changes = Git(root, "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)reports");
        return string.IsNullOrWhiteSpace(changes) ? commit : $"{commit}+changes";
    }

    private static string? Git(string root, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", arguments) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var git = Process.Start(start)!;
            var output = git.StandardOutput.ReadToEnd();
            git.StandardError.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
