using System.Globalization;
using RpcLab.Composition;
using RpcLab.Measurement.Load;

namespace RpcLab.Measurement.Reliability;

/// <summary>
/// <c>rpclab serve</c> of one transport as a child process (this same rpclab) on a loopback port 0, over a data folder
/// the caller owns, so it can be killed and started again on the same data, and so its connections cost this process
/// only one descriptor each.
/// </summary>
internal static class ChildServe
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static Task<ServerProcess> StartAsync(string transport, string dataFolder, IEnumerable<string> options, CancellationToken cancellationToken)
    {
        var (fileName, prefix) = RpclabProcess.CommandLine();
        return ServerProcess.StartAsync(
            fileName,
            [.. prefix, "serve", "--transport", transport, "--host", "127.0.0.1", "--port", "0", "--data", dataFolder, "--quiet", "--until-stdin-closes", .. options],
            line => ListeningLine.TryParse(line, out var endpoint) ? endpoint.Port : null,
            StartTimeout,
            cancellationToken);
    }

    /// <summary>The child's peak resident memory (VmHWM) in MiB, or NaN where /proc does not tell it.</summary>
    public static double PeakMebibytes(ServerProcess server)
    {
        try
        {
            var line = File.ReadLines($"/proc/{server.ProcessId}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? double.NaN : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }
}
