using System.Security.Cryptography;
using System.Text;

namespace RpcLab.Seminar;

/// <summary>
/// Writes the files a student hands in without ever losing their work. A generated file (a transcript, a check report)
/// ends with a marker carrying the hash of what rpclab wrote; it is rewritten on the next run only while that hash
/// still matches, so a file the student edited is kept. A student's file (the answers) is created once and never
/// written again. Thread-safe (no shared state).
/// </summary>
public static class DeliverableFile
{
    private const string MarkerStart = "<!-- written by rpclab; edit it and rpclab keeps your version: ";
    private const string MarkerEnd = " -->";

    /// <summary>What happened to a file.</summary>
    public enum Outcome
    {
        Written,
        KeptEdited,
        KeptExisting,
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>, unless the file there was edited since rpclab wrote it (or not written by rpclab).</summary>
    public static async Task<Outcome> WriteGeneratedAsync(string path, string content, CancellationToken cancellationToken)
    {
        if (File.Exists(path) && !IsUntouched(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)))
        {
            return Outcome.KeptEdited;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var body = content.EndsWith('\n') ? content : content + "\n";
        await File.WriteAllTextAsync(path, body + MarkerStart + Hash(body) + MarkerEnd + "\n", new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        return Outcome.Written;
    }

    /// <summary>Creates <paramref name="path"/> with <paramref name="content"/> if there is no file there yet; never overwrites.</summary>
    public static async Task<Outcome> CreateOnceAsync(string path, string content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            await file.WriteAsync(new UTF8Encoding(false).GetBytes(content), cancellationToken).ConfigureAwait(false);
            return Outcome.Written;
        }
        catch (IOException) when (File.Exists(path))
        {
            return Outcome.KeptExisting;
        }
    }

    /// <summary>A line for the screen: the file, and whether it was written or why it was kept.</summary>
    public static string Describe(string path, Outcome outcome) => outcome switch
    {
        Outcome.Written => $"written: {path}",
        Outcome.KeptEdited => $"kept: {path} (you edited it, so rpclab did not overwrite it; delete it to get a fresh one)",
        _ => $"kept: {path} (it is yours; rpclab creates it once)",
    };

    private static bool IsUntouched(string text)
    {
        var start = text.LastIndexOf(MarkerStart, StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var end = text.IndexOf(MarkerEnd, start, StringComparison.Ordinal);
        return end > 0
            && text[(end + MarkerEnd.Length)..].Trim().Length == 0
            && text[(start + MarkerStart.Length)..end] == Hash(text[..start]);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n"))))[..16];
}
