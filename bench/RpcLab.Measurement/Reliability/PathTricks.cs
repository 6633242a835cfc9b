using System.Text;
using RpcLab.Services;
using RpcLab.Services.Contracts;

namespace RpcLab.Measurement.Reliability;

/// <summary>
/// The paths section: the files service (its own code, in process: the transports pass names through unchanged) is asked
/// to upload, download, rename to and delete names that try to leave its folder (.., absolute paths, encoded and Windows
/// separators, NUL, a symlink planted in the folder pointing outside). An escape is any of: a file written outside the
/// files folder, the bytes of a file outside it read back, a file outside it renamed or deleted.
/// </summary>
internal static class PathTricks
{
    private const string Secret = "the secret outside the files folder";
    private const string Marker = "written by a path trick";

    public static IReadOnlyList<string> Corpus(string outside) =>
    [
        "../secret.txt", "../../secret.txt", "../data/secret.txt", "..", ".", "./../secret.txt", "a/../../secret.txt",
        "..\\secret.txt", "..\\..\\secret.txt", "%2e%2e/secret.txt", "..%2fsecret.txt", "....//secret.txt", "/etc/passwd",
        "//etc/passwd", outside, Path.Combine(outside, "..", "secret.txt"), "~/secret.txt", "secret.txt\0.png", "\0", "a\nb",
        "link", "link/secret.txt", "dir/../../secret.txt", "\u2025/secret.txt", "..\u2215secret.txt", "files/../../secret.txt",
        new string('a', 300), "CON", "nul", " ../secret.txt", "../secret.txt ", "..;/secret.txt",
    ];

    public static async Task<List<Figure>> RunAsync(ReliabilitySettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        _ = settings;
        var root = Directory.CreateTempSubdirectory("rpclab-reliability-paths-");
        try
        {
            var data = Path.Combine(root.FullName, "data");
            var secret = Path.Combine(root.FullName, "secret.txt");
            await File.WriteAllTextAsync(secret, Secret, cancellationToken).ConfigureAwait(false);
            Directory.CreateDirectory(data);
            await File.WriteAllTextAsync(Path.Combine(data, "secret.txt"), Secret, cancellationToken).ConfigureAwait(false);
            await using var host = ServiceHost.Create(new ServiceOptions { DataDirectory = data });
            var files = host.Services.Files;
            Directory.CreateDirectory(host.FilesDirectory);
            File.CreateSymbolicLink(Path.Combine(host.FilesDirectory, "link"), secret);

            var corpus = Corpus(secret);
            var escapes = 0;
            foreach (var name in corpus)
            {
                escapes += await TryAsync(files, name, root.FullName, host.FilesDirectory, secret, log, cancellationToken).ConfigureAwait(false);
            }

            await log.WriteLineAsync($"paths: {corpus.Count} names x upload, download, rename, delete: {escapes} escapes").ConfigureAwait(false);
            return
            [
                new("paths", "files service", "path tricks", corpus.Count * 4),
                new("paths", "files service", "escapes", escapes, 0),
            ];
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static async Task<int> TryAsync(IFileService files, string name, string root, string filesFolder, string secret, TextWriter log, CancellationToken cancellationToken)
    {
        var escapes = 0;
        async Task NoteAsync(string what)
        {
            escapes++;
            await log.WriteLineAsync($"paths: ESCAPE with {Escape(name)}: {what}").ConfigureAwait(false);
        }

        await IgnoreRefusalAsync(() => files.UploadAsync(name, Chunks(Marker), cancellationToken)).ConfigureAwait(false);
        if (WrittenOutside(root, filesFolder) is { } written)
        {
            await NoteAsync($"upload wrote {written}").ConfigureAwait(false);
            File.Delete(written);
        }

        await IgnoreRefusalAsync(async () =>
        {
            var read = new List<byte>();
            await foreach (var chunk in files.DownloadAsync(name, cancellationToken).ConfigureAwait(false))
            {
                read.AddRange(chunk);
            }

            if (Encoding.UTF8.GetString([.. read]).Contains(Secret, StringComparison.Ordinal) || read.Count > 0 && name.Contains("passwd", StringComparison.Ordinal))
            {
                await NoteAsync("download read a file outside the folder").ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        await IgnoreRefusalAsync(() => files.UploadAsync("legit.txt", Chunks(Marker), cancellationToken)).ConfigureAwait(false);
        await IgnoreRefusalAsync(() => files.RenameAsync("legit.txt", name, null, cancellationToken)).ConfigureAwait(false);
        if (WrittenOutside(root, filesFolder) is { } renamed)
        {
            await NoteAsync($"rename moved a file to {renamed}").ConfigureAwait(false);
            File.Delete(renamed);
        }

        await IgnoreRefusalAsync(() => files.RenameAsync(name, "taken.txt", null, cancellationToken)).ConfigureAwait(false);
        await IgnoreRefusalAsync(() => files.DeleteAsync(name, null, cancellationToken)).ConfigureAwait(false);
        if (!File.Exists(secret) || File.ReadAllText(secret) != Secret)
        {
            await NoteAsync("rename or delete reached the file outside the folder").ConfigureAwait(false);
            await File.WriteAllTextAsync(secret, Secret, cancellationToken).ConfigureAwait(false);
        }

        return escapes;
    }

    private static async Task IgnoreRefusalAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Services.Errors.RpcException)
        {
            // Refused with a status: what a trick should get.
        }
    }

    /// <summary>A file outside the files folder holding the marker, or null.</summary>
    private static string? WrittenOutside(string root, string filesFolder)
    {
        var candidates = Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Concat(Directory.EnumerateFiles(Path.GetTempPath(), "*", new EnumerationOptions { RecurseSubdirectories = false }))
            .Where(path => !path.StartsWith(filesFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        foreach (var path in candidates)
        {
            try
            {
                if (new FileInfo(path).Length == Marker.Length && File.ReadAllText(path) == Marker)
                {
                    return path;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's file in /tmp: not ours.
            }
        }

        return null;
    }

    private static async IAsyncEnumerable<byte[]> Chunks(string text)
    {
        await Task.Yield();
        yield return Encoding.UTF8.GetBytes(text);
    }

    private static string Escape(string name) => Transports.Hosting.LogText.Escape(name);
}
