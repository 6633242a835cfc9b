using System.CommandLine;
using RpcLab.Cli.Commands;

namespace RpcLab.Tests.Cli;

/// <summary>
/// A long-running rpclab command (<c>sync --watch</c>) in-process, its output readable while it runs. Disposing stops
/// it as Ctrl+C would and waits for it, so no test leaves one running, even when it fails.
/// </summary>
public sealed class CliRun : IAsyncDisposable
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private readonly TextWriter _syncOutput;
    private readonly TextWriter _syncError;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<int> _run;

    private CliRun(string[] args)
    {
        _syncOutput = TextWriter.Synchronized(_output);
        _syncError = TextWriter.Synchronized(_error);
        var config = new InvocationConfiguration { Output = _syncOutput, Error = _syncError, ProcessTerminationTimeout = null };
        _run = Task.Run(() => RpcLabCommand.Create().Parse(args).InvokeAsync(config, _stop.Token));
    }

    public static CliRun Start(params string[] args) => new(args);

    /// <summary>What it printed so far (TextWriter.Synchronized locks on the wrapper, so reading under that lock is safe).</summary>
    public string Output
    {
        get
        {
            lock (_syncOutput)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_syncError)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Stops it (Ctrl+C) and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await _run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            try
            {
                await StopAsync();
            }
            catch (Exception)
            {
                // Already failing: the test's own assertion says why.
            }
        }

        _stop.Dispose();
    }
}
