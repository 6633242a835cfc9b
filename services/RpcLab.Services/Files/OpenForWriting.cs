namespace RpcLab.Services.Files;

/// <summary>
/// Which of some files a process holds open for writing, so a watching sync does not publish a file in the middle of
/// being written even when the writer pauses longer than a cycle. On Linux, by /proc/*/fd and the open flags in
/// /proc/*/fdinfo (processes this user may not inspect are passed over); elsewhere, by asking for the file with
/// FileShare.Read, which Windows refuses while a writer has it open. Stateless and thread-safe.
/// </summary>
internal static class OpenForWriting
{
    /// <summary>O_WRONLY | O_RDWR: the access mode bits of the open flags.</summary>
    private const int AccessModeMask = 3;

    public static HashSet<string> Among(IReadOnlyCollection<string> paths)
    {
        var writing = new HashSet<string>(StringComparer.Ordinal);
        if (paths.Count == 0)
        {
            return writing;
        }

        if (!OperatingSystem.IsLinux())
        {
            foreach (var path in paths.Where(IsLockedAgainstReaders))
            {
                writing.Add(path);
            }

            return writing;
        }

        var wanted = paths.ToHashSet(StringComparer.Ordinal);
        foreach (var process in SafeEnumerate("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), out _))
            {
                continue;
            }

            foreach (var fd in SafeEnumerate(Path.Combine(process, "fd")))
            {
                string? target;
                try
                {
                    target = new FileInfo(fd).LinkTarget;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                if (target is not null && wanted.Contains(target) && IsOpenForWriting(process, Path.GetFileName(fd)))
                {
                    writing.Add(target);
                }
            }
        }

        return writing;
    }

    private static bool IsOpenForWriting(string process, string fd)
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(process, "fdinfo", fd)))
            {
                if (line.StartsWith("flags:", StringComparison.Ordinal))
                {
                    return (Convert.ToInt32(line["flags:".Length..].Trim(), 8) & AccessModeMask) != 0;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // The descriptor closed meanwhile, or the flags are unreadable: not a writer we can see.
        }

        return false;
    }

    private static bool IsLockedAgainstReaders(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return false;
        }
        catch (IOException)
        {
            return File.Exists(path);
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static IEnumerable<string> SafeEnumerate(string folder)
    {
        try
        {
            return Directory.GetFileSystemEntries(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
