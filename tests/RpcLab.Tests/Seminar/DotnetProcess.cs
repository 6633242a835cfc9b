using System.Diagnostics;
using System.Text;

namespace RpcLab.Tests.Seminar;

/// <summary>
/// Runs <c>dotnet</c> on a student's workspace as the student would (build, or the built server), from the test.
/// MSBuild's and the compiler's build servers are turned off, so a build leaves no process behind, and the
/// variables the test host's own MSBuild set are not passed on, so the workspace builds as from a fresh shell.
/// </summary>
public static class DotnetProcess
{
    /// <summary>A <c>dotnet</c> start info in <paramref name="folder"/>, output redirected, nothing inherited from the test's MSBuild.</summary>
    public static ProcessStartInfo StartInfo(string folder, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return info;
    }

    /// <summary>Builds <paramref name="project"/> (a folder or project file) in <paramref name="folder"/>; fails the test with the build's output when it fails.</summary>
    public static async Task BuildAsync(string folder, string project, TimeSpan timeout)
    {
        using var process = new Process { StartInfo = StartInfo(folder, ["build", project, "-nologo", "-v", "quiet", "-nodeReuse:false", "-p:UseSharedCompilation=false"]) };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"dotnet build {project} in {folder} took over {timeout.TotalSeconds:0} s:\n{output}");
        }

        Assert.True(process.ExitCode == 0, $"dotnet build {project} in {folder} failed ({process.ExitCode}):\n{output}");
        Assert.DoesNotContain(": warning ", output.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
