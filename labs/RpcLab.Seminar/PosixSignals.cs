using System.Runtime.InteropServices;

namespace RpcLab.Seminar;

/// <summary>
/// kill(2), which .NET's Process does not offer: SIGTERM lets a server stop cleanly (Ctrl+C's cousin), and a negative
/// pid reaches a whole process group, so a student's server started through a shell dies with every child it forked.
/// Thread-safe.
/// </summary>
internal static class PosixSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>Sends <paramref name="signal"/>; false when it could not (Windows, no such process).</summary>
    public static bool Send(int pid, int signal) => !OperatingSystem.IsWindows() && Kill(pid, signal) == 0;

    /// <summary>Sends <paramref name="signal"/> to every process of the group <paramref name="processGroup"/>.</summary>
    public static bool SendToGroup(int processGroup, int signal) => !OperatingSystem.IsWindows() && Kill(-processGroup, signal) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
