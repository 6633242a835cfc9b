using System.Diagnostics;
using System.Text;

namespace RpcLab.Measurement.Load;

/// <summary>
/// A server in a child process (an <c>rpclab bench serve</c>, or a foreign peer): started, its port read from
/// the line it prints once it listens, and stopped on disposal (standard input closed, which every such
/// server takes as its cue to stop, then killed with everything it started if it lingers). Its output is
/// kept for error messages and otherwise ignored, so it costs the server nothing to print.
/// Thread-safe.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<string, int?> _readPort;

    private ServerProcess(Process process, Func<string, int?> readPort, string commandLine)
    {
        _process = process;
        _readPort = readPort;
        CommandLine = commandLine;
    }

    public string CommandLine { get; }

    public int Port => _port.Task.IsCompletedSuccessfully ? _port.Task.Result : throw new InvalidOperationException("the server has not said where it listens");

    /// <summary>Everything the server printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> and waits (at most <paramref name="timeout"/>) for a line from which
    /// <paramref name="readPort"/> reads the port. Throws InvalidOperationException, with the server's output,
    /// when it exits or stays silent.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        string fileName,
        IEnumerable<string> arguments,
        Func<string, int?> readPort,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        string? workingDirectory = null,
        Action<IDictionary<string, string?>>? environment = null)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        GeneratorRuntime.RemoveFrom(start.Environment);
        environment?.Invoke(start.Environment);
        var commandLine = string.Join(' ', new[] { fileName }.Concat(start.ArgumentList));
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(process, readPort, commandLine);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data, fromStdout: true);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data, fromStdout: false);
        process.Exited += (_, _) => server._port.TrySetException(new InvalidOperationException($"it exited with code {SafeExitCode(process)}"));
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            throw new InvalidOperationException($"could not start `{commandLine}`: {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server._port.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            var why = e is TimeoutException ? $"it did not say where it listens within {timeout.TotalSeconds:0} s" : e.Message;
            throw new InvalidOperationException($"`{commandLine}` did not start: {why}. Its output:\n{server.Output}", e);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The server's process id (to read its memory from /proc).</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// Kills the server at once, with SIGKILL (kill -9) on Unix: no shutdown code runs, as when the machine loses power
    /// under the process. Returns once it has exited.
    /// </summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(StopGrace);
                try
                {
                    await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // Never started, or already gone.
        }
        finally
        {
            _port.TrySetCanceled();
            _process.Dispose();
        }
    }

    private void OnLine(string? line, bool fromStdout)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // Keep the start of the output: that is where a server says why it failed.
            if (_output.Length < 64 * 1024)
            {
                _output.AppendLine(line);
            }
        }

        if (fromStdout && !_port.Task.IsCompleted && _readPort(line) is { } port)
        {
            _port.TrySetResult(port);
        }
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }
}
