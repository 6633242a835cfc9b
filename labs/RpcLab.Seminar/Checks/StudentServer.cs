using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RpcLab.Seminar.Checks;

/// <summary>
/// The student's own server for <c>rpclab check</c>: their command line (<c>dotnet run --project my/Server -- --port {port}</c>)
/// with <c>{port}</c> replaced by a free port, <c>{rest-port}</c>, when the command has it, by a second one (a server
/// whose REST endpoint speaks HTTP/1.1 beside gRPC's HTTP/2 needs two ports without TLS), and <c>{data}</c> by a state
/// file kept across restarts, run as a <see cref="StudentProcess"/> (a process group of its own, its output kept). Ready
/// when every port accepts TCP connections, whatever the server prints. Not thread-safe.
/// </summary>
public sealed class StudentServer : IAsyncDisposable
{
    /// <summary>Replaced by the path of a state file that lives as long as this server, across restarts, for a server that persists.</summary>
    public const string DataPlaceholder = "{data}";

    private readonly string _commandLine;
    private readonly string _host;
    private readonly TimeSpan _startTimeout;
    private StudentProcess? _process;
    private string? _dataFolder;

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

    /// <summary>Stops the server's process group (see <see cref="StudentProcess"/>). Safe to call twice.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is not null)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops the server and deletes the folder of its <c>{data}</c> file, if it had one.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_dataFolder is not null)
        {
            try
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover in the temporary folder is harmless.
            }
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        Port = FreePort(_host);
        RestPort = _commandLine.Contains(RestPortPlaceholder, StringComparison.Ordinal) ? FreePort(_host, except: Port) : null;
        var command = _commandLine
            .Replace("{port}", Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace(RestPortPlaceholder, RestPort?.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (command.Contains(DataPlaceholder, StringComparison.Ordinal))
        {
            // One file for the life of this server, across restarts: what a restart must not forget.
            _dataFolder ??= Directory.CreateTempSubdirectory("rpclab-check-").FullName;
            command = command.Replace(DataPlaceholder, Path.Combine(_dataFolder, "state.json"), StringComparison.Ordinal);
        }

        var process = StudentProcess.Start(command, Terminal);
        _process = process;
        ProcessId = process.Id;
        await WaitUntilListeningAsync(process, command, cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitUntilListeningAsync(StudentProcess process, string command, CancellationToken cancellationToken)
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
                throw Failed($"the server exited with code {process.ExitCode} before it listened on {_host}:{Port}", command, process);
            }

            if (deadline.Elapsed > _startTimeout)
            {
                throw Failed(RestPort is { } restPort
                    ? $"the server did not accept connections on both {_host}:{Port} and {_host}:{restPort} within {_startTimeout.TotalSeconds:0} s (does it listen on the ports given by {{port}} and {RestPortPlaceholder}?)"
                    : $"the server did not accept connections on {_host}:{Port} within {_startTimeout.TotalSeconds:0} s (does it listen on the port given by {{port}}?)", command, process);
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

    private static InvalidOperationException Failed(string why, string command, StudentProcess process) =>
        new($"{why}.{Environment.NewLine}The command was: {command}{Environment.NewLine}Its last output{process.LastOutput()}");

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
