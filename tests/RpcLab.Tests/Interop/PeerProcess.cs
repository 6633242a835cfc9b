using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace RpcLab.Tests.Interop;

/// <summary>
/// A foreign program started by a test: its output is captured line by line, a test can wait for a
/// readiness line or for the exit (both with a timeout), and disposing it always ends the program and
/// everything it started. Failures carry <see cref="Describe"/> (the command line, the exit code and
/// both output streams), so a broken peer explains itself in the test's message.
/// Thread-safe; one reader at a time for <see cref="WaitForLineAsync"/>.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    /// <summary>How long to wait for a peer by default: generous, as the machine is small and shared.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PeerProcess(Process process, string commandLine)
    {
        _process = process;
        CommandLine = commandLine;
    }

    /// <summary>The program and its arguments, for messages.</summary>
    public string CommandLine { get; }

    /// <summary>The operating system's id of the process.</summary>
    public int Id => _process.Id;

    /// <summary>Everything written to standard output so far.</summary>
    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>Everything written to standard error so far.</summary>
    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="fileName"/>; its standard input stays open until <see cref="CloseStandardInput"/> or disposal.</summary>
    public static PeerProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, Action<IDictionary<string, string?>>? environment = null)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        environment?.Invoke(start.Environment);
        var commandLine = string.Join(' ', new[] { fileName }.Concat(start.ArgumentList).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var peer = new PeerProcess(process, commandLine);
        process.OutputDataReceived += (_, e) => peer.OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) => peer.OnStderr(e.Data);
        try
        {
            process.Start();
        }
        catch (Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"could not start `{commandLine}`: {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>
    /// Waits for the first standard-output line (not yet consumed by an earlier wait) that satisfies
    /// <paramref name="match"/>, and returns it. Throws, with <see cref="Describe"/>, when the program
    /// exits first or the timeout passes.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string description, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(cts.Token))
            {
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"no line {description} within {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s\n{Describe()}");
        }

        await WaitForStreamsAsync();
        throw new InvalidOperationException($"the program ended before printing a line {description}\n{Describe()}");
    }

    /// <summary>Waits for the program to end (and its output to be read to the end) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await _stderrClosed.Task.WaitAsync(cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"the program did not end within {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s\n{Describe()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Closes the program's standard input (the peers' servers stop when it closes).</summary>
    public void CloseStandardInput()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program is gone already; nothing to tell it.
        }
    }

    /// <summary>The command line, the exit code (or "running") and both output streams, for assertion messages.</summary>
    public string Describe()
    {
        var state = _process.HasExited ? $"exit code {_process.ExitCode}" : "still running";
        return $"`{CommandLine}` ({state})\n--- stdout ---\n{StandardOutput}--- stderr ---\n{StandardError}--------------";
    }

    /// <summary>Asks the program to stop by closing its standard input, then kills its whole process tree if it is still there.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                CloseStandardInput();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task WaitForStreamsAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await _stderrClosed.Task.WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // Describe what we have.
        }
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            _lines.Writer.TryComplete();
            return;
        }

        lock (_stdout)
        {
            _stdout.Append(line).Append('\n');
        }

        _lines.Writer.TryWrite(line);
    }

    private void OnStderr(string? line)
    {
        if (line is null)
        {
            _stderrClosed.TrySetResult();
            return;
        }

        lock (_stderr)
        {
            _stderr.Append(line).Append('\n');
        }
    }
}
