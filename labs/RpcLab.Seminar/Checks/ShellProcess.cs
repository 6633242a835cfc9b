using System.Diagnostics;

namespace RpcLab.Seminar.Checks;

/// <summary>
/// A student's command line run by <c>/bin/sh -c</c> in a process group of its own (setsid), every line it prints
/// (stdout and stderr) handed to a callback. Stopping it signals the whole group, so a <c>dotnet run</c> and the
/// program it forked both go: SIGTERM, then SIGKILL to whatever is left after a grace period. Not thread-safe.
/// </summary>
public sealed class ShellProcess : IAsyncDisposable
{
    private const string Setsid = "/usr/bin/setsid";
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private Process? _process;

    private ShellProcess(Process process) => _process = process;

    /// <summary>The process id of the shell, which is also its process group's id.</summary>
    public int Id { get; private init; }

    public bool HasExited => _process is null || _process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process?.ExitCode ?? -1;

    /// <summary>Starts <paramref name="command"/>; <paramref name="onLine"/> is called on a pool thread for every line it prints.</summary>
    public static ShellProcess Start(string command, Action<string> onLine)
    {
        var info = new ProcessStartInfo(File.Exists(Setsid) ? Setsid : "/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (File.Exists(Setsid))
        {
            info.ArgumentList.Add("/bin/sh");
        }

        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"could not start the shell for {command}: {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ShellProcess(process) { Id = process.Id };

        void Add(string? line)
        {
            if (line is not null)
            {
                onLine(line);
            }
        }
    }

    /// <summary>Waits until the command exits (and its output is read); its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        var process = _process ?? throw new InvalidOperationException("the command was stopped");
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode;
    }

    /// <summary>SIGTERM to the process group, then SIGKILL to whatever is left after a grace period. Safe to call twice.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        _process = null;
        try
        {
            if (!process.HasExited)
            {
                PosixSignals.SendToGroup(process.Id, PosixSignals.SigTerm);
                using var grace = new CancellationTokenSource(StopGrace);
                try
                {
                    await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // It ignored SIGTERM: no more asking.
                }
            }

            // Children that outlived the shell (a program `dotnet run` forked) are still in the group.
            PosixSignals.SendToGroup(process.Id, PosixSignals.SigKill);
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
