using System.Diagnostics;
using System.Globalization;

namespace RpcLab.Measurement.Load;

/// <summary>
/// CPU time spent by this process, and by its children that have finished (such as an h2load run), so the
/// report can say what one call costs the load generator itself. Stateless and thread-safe.
/// </summary>
public static class ProcessorTime
{
    // Linux reports children's times in USER_HZ ticks, which the kernel fixes at 100 per second for user space.
    private const double TicksPerSecond = 100;

    /// <summary>This process's CPU time, user and system, over all its threads.</summary>
    public static TimeSpan OfThisProcess()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>
    /// The CPU time of this process's children that have exited and been waited for (Linux: cutime + cstime of
    /// /proc/self/stat); null where the system does not say. A child still running (a server) is not in it.
    /// </summary>
    public static TimeSpan? OfFinishedChildren()
    {
        const string stat = "/proc/self/stat";
        if (!File.Exists(stat))
        {
            return null;
        }

        // The fields after the command name, which is in parentheses and may itself hold spaces: field 3 first.
        var text = File.ReadAllText(stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        const int childUser = 16 - 3;
        const int childSystem = 17 - 3;
        return fields.Length > childSystem
            && long.TryParse(fields[childUser], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            && long.TryParse(fields[childSystem], NumberStyles.None, CultureInfo.InvariantCulture, out var system)
                ? TimeSpan.FromSeconds((user + system) / TicksPerSecond)
                : null;
    }

    /// <summary>
    /// Microseconds of CPU per call: <paramref name="cpu"/> spent over the warm-up and the measured time, at
    /// <paramref name="callsPerSecond"/> (the measured rate, taken to hold through the warm-up too).
    /// </summary>
    public static double? PerCallUs(TimeSpan? cpu, double callsPerSecond, TimeSpan measured, TimeSpan warmup) =>
        cpu is { } spent && callsPerSecond > 0 ? spent.TotalMicroseconds / (callsPerSecond * (measured + warmup).TotalSeconds) : null;
}
