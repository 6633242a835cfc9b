using System.Diagnostics;
using RpcLab.Composition;

namespace RpcLab.Seminar;

/// <summary>
/// <c>rpclab serve</c> as a real child process (the same rpclab.dll), as a student runs it in a second
/// terminal: its stdout and stderr become the server terminal. Stopped with SIGTERM (Ctrl+C's cousin) so it
/// shuts down cleanly, killed if it does not within a few seconds.
/// </summary>
public sealed class ChildProcessServer : ILabServer
{
    private readonly Process _process;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcessServer(Process process) => _process = process;

    public TerminalLog Terminal { get; } = new();

    public ListeningLine.Endpoint Endpoint { get; private set; }

    public Task Exited => _exited.Task;

    /// <summary>
    /// Starts <c>rpclab</c> with <paramref name="args"/> and waits until it is <paramref name="ready"/> (by default: its
    /// listening line). With <paramref name="untilStdinCloses"/> the child also stops when this process's end closes its
    /// stdin (a verb that has the hidden option <c>--until-stdin-closes</c>: serve, cluster serve); otherwise only
    /// SIGTERM stops it.
    /// </summary>
    public static async Task<ChildProcessServer> StartAsync(IReadOnlyList<string> args, TimeSpan startTimeout, CancellationToken cancellationToken, Func<IReadOnlyList<string>, bool>? ready = null, bool untilStdinCloses = true)
    {
        var (fileName, prefix) = RpclabProcess.CommandLine();
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in untilStdinCloses ? prefix.Concat(args).Append("--until-stdin-closes") : prefix.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ChildProcessServer(process);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server._exited.TrySetResult();
        try
        {
            if (!process.Start())
            {
                throw new InvalidOperationException($"could not start {fileName}");
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"could not start {fileName}: {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            server.Endpoint = await server.Terminal.WaitForListeningAsync(startTimeout, server.Exited, cancellationToken, ready).ConfigureAwait(false)
                ?? throw server.Terminal.DidNotStart(server.Exited.IsCompleted
                    ? $"it exited with code {process.ExitCode}"
                    : $"it did not say it was listening within {startTimeout.TotalSeconds:0} s");
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task StopAsync()
    {
        if (!_exited.Task.IsCompleted)
        {
            if (!PosixSignals.Send(_process.Id, PosixSignals.SigTerm))
            {
                _process.Kill(entireProcessTree: true);
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
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

        // WaitForExitAsync returns once the redirected streams reached their end, so every line is in Terminal.
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started: nothing to stop.
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is not null)
        {
            Terminal.Add(line);
        }
    }
}
