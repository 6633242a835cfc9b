using System.Diagnostics;

namespace RpcLab.Seminar.Checks;

/// <summary>
/// A student's command line (their server, or their client) run by <c>/bin/sh -c</c> in a process group of its own
/// (setsid), its output kept. Stopping it signals the whole group, so a <c>dotnet run</c> and the program it forked both
/// go. Not thread-safe beyond <see cref="Terminal"/> and <see cref="HasExited"/>.
/// </summary>
public sealed class StudentProcess : IAsyncDisposable
{
    private const string Setsid = "/usr/bin/setsid";
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private readonly Process _process;

    private StudentProcess(Process process, TerminalLog terminal)
    {
        _process = process;
        Terminal = terminal;
    }

    /// <summary>Everything the command printed (stdout and stderr), after the line <c>$ command</c>.</summary>
    public TerminalLog Terminal { get; }

    /// <summary>The process id of the shell, which is also its process group's id.</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts <paramref name="command"/> (placeholders already filled), its lines going to <paramref name="terminal"/> and,
    /// when given, to <paramref name="onLine"/> (called on a pool thread as each line is printed).
    /// </summary>
    public static StudentProcess Start(string command, TerminalLog terminal, Action<string>? onLine = null)
    {
        ArgumentNullException.ThrowIfNull(terminal);
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
        process.OutputDataReceived += (_, e) => Add(terminal, onLine, e.Data);
        process.ErrorDataReceived += (_, e) => Add(terminal, onLine, e.Data);
        terminal.Add($"$ {command}");
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"could not start the shell for your command: {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new StudentProcess(process, terminal);
    }

    /// <summary>Waits for the process to exit (it already has, when a caller asks after <see cref="HasExited"/>).</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>
    /// The last <paramref name="count"/> lines it printed, indented, or "(it printed nothing)": for a failure's reason.
    /// Without <paramref name="stackFrames"/>, the "   at ..." lines of an unhandled exception are left out, so its
    /// message stays among the lines shown.
    /// </summary>
    public string LastOutput(int count = 20, bool stackFrames = true)
    {
        var lines = Terminal.Lines.Skip(1).Where(l => stackFrames || !l.StartsWith("   at ", StringComparison.Ordinal)).TakeLast(count).ToList();
        return lines.Count == 0 ? " (it printed nothing)" : ":" + Environment.NewLine + string.Join(Environment.NewLine, lines.Select(l => "  " + l));
    }

    /// <summary>SIGTERM to the process group, then SIGKILL to whatever is left after a grace period. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                PosixSignals.SendToGroup(_process.Id, PosixSignals.SigTerm);
                using var grace = new CancellationTokenSource(StopGrace);
                try
                {
                    await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // It ignored SIGTERM: no more asking.
                }
            }

            // Children that outlived the shell (a program `dotnet run` forked) are still in the group.
            PosixSignals.SendToGroup(_process.Id, PosixSignals.SigKill);
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Disposed already.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static void Add(TerminalLog terminal, Action<string>? onLine, string? line)
    {
        if (line is not null)
        {
            terminal.Add(line);
            onLine?.Invoke(line);
        }
    }
}
