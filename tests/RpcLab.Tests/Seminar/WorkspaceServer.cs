using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RpcLab.Tests.Seminar;

/// <summary>
/// A built workspace's server (Server/bin/Debug/net10.0/Server.dll) as a child process on port 0, as
/// <c>dotnet run --project Server -- 0</c> starts it, without the build: ready once it prints its listening line.
/// Disposing kills it and its children, so a failing test leaves no server behind.
/// </summary>
public sealed partial class WorkspaceServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkspaceServer(Process process) => _process = process;

    public int Port { get; private set; }

    /// <summary>What the server printed so far, for failure messages.</summary>
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

    /// <summary>Starts <paramref name="dll"/> (relative to <paramref name="workspace"/>; Lab 1's Server.dll when null) with <paramref name="arguments"/> (by default the port argument 0).</summary>
    public static async Task<WorkspaceServer> StartAsync(string workspace, string? dll = null, IReadOnlyList<string>? arguments = null)
    {
        var process = new Process { StartInfo = DotnetProcess.StartInfo(workspace, [dll ?? Path.Combine("Server", "bin", "Debug", "net10.0", "Server.dll"), .. arguments ?? ["0"]]), EnableRaisingEvents = true };
        var server = new WorkspaceServer(process);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server._port.TrySetException(new InvalidOperationException("the server exited"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            server.Port = await server._port.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return server;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"the workspace's server did not say it was listening ({e.Message}):\n{server.Output}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (Listening().Match(line) is { Success: true } match)
        {
            _port.TrySetResult(int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex Listening();
}
