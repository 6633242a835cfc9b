using System.IO.Compression;
using System.Text.RegularExpressions;

namespace RpcLab.Seminar;

/// <summary>
/// <c>rpclab submit</c>: the deliverable as one zip, <c>DIR/labNN-&lt;student&gt;.zip</c>: every file of the deliverable
/// folder (the transcripts, the answers, the check report, the student's own files), and under <c>workspace/</c> the
/// workspace's sources without what a build or git makes (bin/, obj/, .git/), so the zip is small and holds only what the
/// student wrote. Thread-safe (no shared state).
/// </summary>
public static partial class Submission
{
    private static readonly string[] Skipped = ["bin", "obj", ".git", ".vs", ".idea", "node_modules"];

    public static string FileName(LabFrontMatter lab, string student) => $"{lab.FilePrefix}-{SafeName().Replace(student, "_")}.zip";

    /// <summary>Writes the zip (replacing an earlier one) and returns its path and entries, in order.</summary>
    public static (string Path, IReadOnlyList<string> Entries) Create(LabFrontMatter lab, string outDirectory, string? workspace, string student)
    {
        var folder = Path.GetFullPath(outDirectory);
        if (!File.Exists(Path.Combine(folder, TranscriptWriter.FileName(lab))))
        {
            throw new InvalidOperationException($"there is no {TranscriptWriter.FileName(lab)} in {folder}: run `rpclab lab {lab.Number} --out {outDirectory}` first");
        }

        var zipPath = Path.Combine(folder, FileName(lab, student));
        var files = Sources(folder, skip: zipPath).Select(f => (File: f, Entry: Entry(folder, f))).ToList();
        if (workspace is not null)
        {
            var root = Path.GetFullPath(workspace);
            if (!Directory.Exists(root))
            {
                throw new DirectoryNotFoundException($"no workspace folder at {root}");
            }

            // A deliverable folder inside the workspace is already in the zip once.
            files.AddRange(Sources(root, skip: zipPath).Where(f => !f.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .Select(f => (File: f, Entry: "workspace/" + Entry(root, f))));
        }

        var temporary = zipPath + ".partial";
        using (var zip = ZipFile.Open(temporary, ZipArchiveMode.Create))
        {
            zip.Comment = $"rpclab submit {lab.Number}: lab {lab.Number} ({lab.Title}) by {student}";
            foreach (var (file, entry) in files)
            {
                zip.CreateEntryFromFile(file, entry, CompressionLevel.Optimal);
            }
        }

        File.Move(temporary, zipPath, overwrite: true);
        return (zipPath, files.Select(f => f.Entry).ToList());
    }

    private static IEnumerable<string> Sources(string root, string skip)
    {
        foreach (var file in Directory.EnumerateFiles(root).Order(StringComparer.Ordinal))
        {
            if (file != skip && !file.EndsWith(".zip.partial", StringComparison.Ordinal) && !string.Equals(Path.GetExtension(file), ".zip", StringComparison.OrdinalIgnoreCase))
            {
                yield return file;
            }
        }

        foreach (var directory in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            if (!Skipped.Contains(Path.GetFileName(directory), StringComparer.OrdinalIgnoreCase))
            {
                foreach (var file in Sources(directory, skip))
                {
                    yield return file;
                }
            }
        }
    }

    private static string Entry(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');

    [GeneratedRegex(@"[^A-Za-z0-9._-]+")]
    private static partial Regex SafeName();
}
