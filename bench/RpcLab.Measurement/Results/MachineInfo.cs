using System.Globalization;
using System.Runtime.InteropServices;

namespace RpcLab.Measurement.Results;

/// <summary>The machine a run was measured on, as the report states it. Immutable.</summary>
public sealed record MachineInfo(string Cpu, int Cores, double MemoryGiB, string Os, string Dotnet)
{
    /// <summary>This machine: CPU model and memory from /proc on Linux (elsewhere what .NET can tell), OS and .NET version.</summary>
    public static MachineInfo Current() => new(
        CpuModel() ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        Math.Round(MemoryBytes() / (1024.0 * 1024 * 1024), 1),
        OsName(),
        RuntimeInformation.FrameworkDescription);

    private static string? CpuModel() =>
        ReadLines("/proc/cpuinfo")
            .Where(l => l.StartsWith("model name", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();

    private static double MemoryBytes()
    {
        // "MemTotal:       24576000 kB"
        var line = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kb = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
        return kb is not null && double.TryParse(kb, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value * 1024
            : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    private static string OsName()
    {
        var pretty = ReadLines("/etc/os-release")
            .Where(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
            .Select(l => l["PRETTY_NAME=".Length..].Trim('"'))
            .FirstOrDefault();
        var kernel = ReadLines("/proc/sys/kernel/osrelease").FirstOrDefault();
        return (pretty, kernel) switch
        {
            (null, _) => RuntimeInformation.OSDescription,
            (_, null) => pretty,
            _ => $"{pretty}, Linux {kernel}",
        };
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllLines(path) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
