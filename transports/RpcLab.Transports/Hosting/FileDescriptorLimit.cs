using System.Globalization;

namespace RpcLab.Transports.Hosting;

/// <summary>
/// How many files this process may have open (RLIMIT_NOFILE, the soft limit, which .NET raises to the hard limit at
/// start-up), and how many connections fit under it. Every accepted connection is a descriptor; a server that runs out
/// fails every client at once (accept fails, and NetMQ's I/O thread and Kestrel crashed here), so the connection limit
/// is kept well below this one. Read from <c>/proc/self/limits</c>, which needs no native call; unknown (null) where
/// that file does not exist. Thread-safe.
/// </summary>
public static class FileDescriptorLimit
{
    /// <summary>The share of the descriptors kept for everything but connections: listeners, files, NetMQ's own sockets.</summary>
    private const int HeadroomDivisor = 4;

    /// <summary>The fewest descriptors kept for everything else, whatever the limit.</summary>
    private const int MinimumHeadroom = 64;

    private static readonly Lazy<long?> Read = new(() => ReadProcLimits("/proc/self/limits"));

    /// <summary>The process's soft limit on open files, or null when it cannot be read (not Linux).</summary>
    public static long? Current => Read.Value;

    /// <summary>
    /// <paramref name="wanted"/> connections, lowered so that a quarter of <paramref name="limit"/> (at least 64
    /// descriptors) stays free for everything else; at least 1. Unchanged when the limit is unknown.
    /// </summary>
    public static int Fit(int wanted, long? limit)
    {
        if (limit is not { } descriptors || descriptors <= 0)
        {
            return Math.Max(1, wanted);
        }

        var usable = descriptors - Math.Max(MinimumHeadroom, descriptors / HeadroomDivisor);
        return (int)Math.Clamp(usable, 1, Math.Max(1, wanted));
    }

    /// <summary>The soft limit in <paramref name="text"/>, the contents of <c>/proc/self/limits</c>; null when absent or unlimited.</summary>
    public static long? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
        }

        return null;
    }

    private static long? ReadProcLimits(string path)
    {
        try
        {
            return File.Exists(path) ? Parse(File.ReadAllText(path)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
