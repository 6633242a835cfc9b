using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using RpcLab.Composition;

namespace RpcLab.Measurement.Load;

/// <summary>
/// The runtime settings of the load generator's own process (<c>rpclab bench load</c>, <c>h2load</c>, <c>all</c>),
/// which the runtime reads only when a process starts: rpclab starts itself again with them, and every process the
/// generator starts (our servers, foreign servers, the micro-benchmarks) has them removed, so a server runs with the
/// defaults a user of <c>rpclab serve</c> gets. Stateless and thread-safe.
/// </summary>
public static class GeneratorRuntime
{
    /// <summary>
    /// How many arrays of each size ArrayPool&lt;byte&gt;.Shared keeps per core. SocketsHttpHandler rents each HTTP/2
    /// request's header buffer and each response's data block from it and holds them while the call is in flight;
    /// the default keeps 32 per size and core, so on 2 cores 256 callers rented past it, and every rent beyond
    /// allocated a fresh array that the return then dropped. Measured with 256 callers against our gRPC server: about
    /// 22 KB of garbage per call, much of it old enough to reach gen2 (34-48 gen2 collections and 0.5-1 s of GC pauses
    /// per 3 s); with this setting 3-8 KB per call and no gen2 collection. The pool never holds more than was rented
    /// at once, so a high cap costs only what the calls in flight use.
    /// </summary>
    public const string PoolVariable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    /// <summary>The value of <see cref="PoolVariable"/>: room for every buffer of 1,024 calls in flight per core.</summary>
    public const string PoolArrays = "1024";

    /// <summary>True when this process started with the generator's settings.</summary>
    public static bool IsApplied => Environment.GetEnvironmentVariable(PoolVariable) == PoolArrays;

    /// <summary>Removes the generator's settings from a child process's environment.</summary>
    public static void RemoveFrom(IDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        environment.Remove(PoolVariable);
    }

    /// <summary>
    /// Runs rpclab with <paramref name="arguments"/> in a new process that has the generator's settings, on this
    /// terminal, and returns its exit code.
    /// </summary>
    public static async Task<int> RunAppliedAsync(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var (fileName, prefix) = RpclabProcess.CommandLine();
        var start = new ProcessStartInfo(fileName, [.. prefix, .. arguments]) { UseShellExecute = false };
        start.Environment[PoolVariable] = PoolArrays;
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start rpclab again");

        // A signal to this process is passed on, so the child stops its run, reports and stops its servers while this
        // one waits for it (Ctrl+C reaches both: a second interrupt changes nothing for the child).
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => PassOn(context, child));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => PassOn(context, child));
        await child.WaitForExitAsync().ConfigureAwait(false);
        return child.ExitCode;
    }

    private static void PassOn(PosixSignalContext context, Process child)
    {
        context.Cancel = true;
        var signal = context.Signal == PosixSignal.SIGINT ? "INT" : "TERM";
        try
        {
            // .NET sends no signal but SIGKILL to another process; kill(1) does.
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, child.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        }
        catch (Win32Exception)
        {
            child.Kill(entireProcessTree: true);
        }
    }
}
