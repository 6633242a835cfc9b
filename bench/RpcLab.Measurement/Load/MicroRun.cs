using System.Diagnostics;

namespace RpcLab.Measurement.Load;

/// <summary>
/// <c>rpclab bench micro</c>: the BenchmarkDotNet suite (bench/RpcLab.Bench), run with <c>dotnet run -c Release</c>
/// from the checkout, its output straight to this terminal. Stateless and thread-safe.
/// </summary>
public static class MicroRun
{
    /// <summary>The bench program's arguments for a run: BenchmarkDotNet's filter and job, and where the results go.</summary>
    public static List<string> Arguments(string filter, string job, bool inProcess, string? resultsFolder, string? scalingOver, string command, IEnumerable<string> extra)
    {
        var arguments = new List<string> { "--filter", filter, "--job", job };
        if (inProcess)
        {
            arguments.Add("--inProcess");
        }

        if (resultsFolder is not null)
        {
            arguments.AddRange(["--out", Path.GetFullPath(resultsFolder)]);
        }

        if (scalingOver is not null)
        {
            arguments.AddRange(["--scaling-over", scalingOver]);
        }

        arguments.AddRange(["--command", command]);
        arguments.AddRange(extra);
        return arguments;
    }

    /// <summary>Builds and runs the bench program with <paramref name="arguments"/>; returns its exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var root = Repository.RequireRoot("rpclab bench micro");
        var project = Path.Combine(root, "bench", "RpcLab.Bench");
        var start = new ProcessStartInfo("dotnet", ["run", "-c", "Release", "--project", project, "--", .. arguments, "--artifacts", Path.Combine(root, "BenchmarkDotNet.Artifacts")])
        {
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        GeneratorRuntime.RemoveFrom(start.Environment);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode;
    }
}
