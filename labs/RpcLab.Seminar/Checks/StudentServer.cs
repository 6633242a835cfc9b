using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RpcLab.Seminar.Checks;

/// <summary>
/// The student's own server for <c>rpclab check</c>: their command line (<c>dotnet run --project my/Server -- --port {port}</c>)
/// run by <c>/bin/sh -c</c> with <c>{port}</c> replaced by a free port, and <c>{rest-port}</c>, when the command has it, by
/// a second one (a server whose REST endpoint speaks HTTP/1.1 beside gRPC's HTTP/2 needs two ports without TLS), in a
/// process group of its own (setsid), its output kept. Ready when every port accepts TCP connections, whatever the server prints. Stopping it signals the whole group, so a
/// <c>dotnet run</c> and the server it forked both go. Not thread-safe.
/// </summary>
public sealed class StudentServer : IAsyncDisposable
{
    private const string Setsid = "/usr/bin/setsid";
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private readonly string _commandLine;
    private readonly string _host;
    private readonly TimeSpan _startTimeout;
    private Process? _process;

    private StudentServer(string commandLine, string host, TimeSpan startTimeout)
    {
        _commandLine = commandLine;
        _host = host;
        _startTimeout = startTimeout;
    }

    /// <summary>Everything the server printed (stdout and stderr), across restarts.</summary>
    public TerminalLog Terminal { get; } = new();

    /// <summary>What a command writes where the second port goes.</summary>
    public const string RestPortPlaceholder = "{rest-port}";

    public int Port { get; private set; }

    /// <summary>The port given for <see cref="RestPortPlaceholder"/>, or null when the command has none.</summary>
    public int? RestPort { get; private set; }

    /// <summary>The process id of the shell, which is also its process group's id; 0 before it starts.</summary>
    public int ProcessId { get; private set; }

    /// <summary>Starts the command and waits until its port accepts connections; an <see cref="InvalidOperationException"/> with its last output if it exits first or never listens.</summary>
    public static async Task<StudentServer> StartAsync(string commandLine, string host, TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        var server = new StudentServer(commandLine, host, startTimeout);
        try
        {
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the server and starts the same command again on a new free port; returns that port.</summary>
    public async Task<int> RestartAsync(CancellationToken cancellationToken)
    {
        await StopAsync().ConfigureAwait(false);
        await StartAsync(cancellationToken).ConfigureAwait(false);
        return Port;
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

            // Children that outlived the shell (a server `dotnet run` forked) are still in the group.
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

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        Port = FreePort(_host);
        RestPort = _commandLine.Contains(RestPortPlaceholder, StringComparison.Ordinal) ? FreePort(_host, except: Port) : null;
        var command = _commandLine
            .Replace("{port}", Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace(RestPortPlaceholder, RestPort?.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
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
        Terminal.Add($"$ {command}");
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"could not start the server's shell: {e.Message}", e);
        }

        _process = process;
        ProcessId = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilListeningAsync(process, command, cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitUntilListeningAsync(Process process, string command, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await AcceptsAsync(Port, cancellationToken).ConfigureAwait(false)
                && (RestPort is not { } rest || await AcceptsAsync(rest, cancellationToken).ConfigureAwait(false)))
            {
                return;
            }

            if (process.HasExited)
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                throw Failed($"the server exited with code {process.ExitCode} before it listened on {_host}:{Port}", command);
            }

            if (deadline.Elapsed > _startTimeout)
            {
                throw Failed(RestPort is { } restPort
                    ? $"the server did not accept connections on both {_host}:{Port} and {_host}:{restPort} within {_startTimeout.TotalSeconds:0} s (does it listen on the ports given by {{port}} and {RestPortPlaceholder}?)"
                    : $"the server did not accept connections on {_host}:{Port} within {_startTimeout.TotalSeconds:0} s (does it listen on the port given by {{port}}?)", command);
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(_host, port, attempt.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private InvalidOperationException Failed(string why, string command)
    {
        var lines = Terminal.Lines.Skip(1).TakeLast(20).ToList();
        var output = lines.Count == 0 ? " (it printed nothing)" : ":" + Environment.NewLine + string.Join(Environment.NewLine, lines.Select(l => "  " + l));
        return new InvalidOperationException($"{why}.{Environment.NewLine}The command was: {command}{Environment.NewLine}Its last output{output}");
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            Terminal.Add(line);
        }
    }

    private static int FreePort(string host, int? except = null)
    {
        var address = IPAddress.TryParse(host, out var ip) ? ip : IPAddress.Loopback;
        while (true)
        {
            using var listener = new TcpListener(address, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port != except)
            {
                return port;
            }
        }
    }
}
