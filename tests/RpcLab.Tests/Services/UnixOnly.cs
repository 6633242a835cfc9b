using Mono.Unix.Native;

namespace RpcLab.Tests.Services;

/// <summary>
/// What the file tests put in a server's folder as a hostile local user would: FIFOs, sockets and symbolic links.
/// Made through the OS (Mono.Unix, as the file service looks at them), and only on Unix.
/// </summary>
public static class UnixOnly
{
    /// <summary>Why a test of such entries cannot run here, or null when it can.</summary>
    public static string? SkipReason => OperatingSystem.IsWindows() ? "FIFOs, Unix sockets and unprivileged symbolic links need Unix" : null;

    /// <summary>True when the tests run as root, which writes into a read-only folder anyway.</summary>
    public static bool IsRoot => !OperatingSystem.IsWindows() && Syscall.geteuid() == 0;

    /// <summary>Makes a FIFO at <paramref name="path"/>: opening it for reading waits for a writer, forever if none comes.</summary>
    public static void MakeFifo(string path)
    {
        if (Syscall.mkfifo(path, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR) != 0)
        {
            throw new IOException($"mkfifo {path}: {Stdlib.GetLastError()}");
        }
    }
}
