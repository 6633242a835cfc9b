using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace RpcLab.Tests.Interop;

/// <summary>
/// The vscode-jsonrpc peer (tests/peers/node/jsonrpc-peer.mjs) as a child process: run as a client to
/// completion, or as a server until disposed. The process is always killed on dispose or timeout, and
/// every wait is bounded. Not thread-safe; one test uses one peer.
/// </summary>
public sealed class JsonRpcNodePeer : IAsyncDisposable
{
    private const string Script = "jsonrpc-peer.mjs";
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RunPatience = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Channel<JsonElement> _lines = Channel.CreateUnbounded<JsonElement>();
    private readonly System.Text.StringBuilder _stderr = new();

    private JsonRpcNodePeer(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else if (e.Data.StartsWith('{'))
            {
                _lines.Writer.TryWrite(JsonSerializer.Deserialize<JsonElement>(e.Data));
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The port a server-mode peer listens on.</summary>
    public int Port { get; private set; }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Why the peer cannot run here, or null when node and vscode-jsonrpc are installed.</summary>
    public static string? Unavailable()
    {
        if (FindNode() is null)
        {
            return "node is not on the PATH";
        }

        var folder = PeerFolder();
        if (folder is null)
        {
            return $"tests/peers/node/{Script} was not found above {AppContext.BaseDirectory}";
        }

        return File.Exists(Path.Combine(folder, "node_modules", "vscode-jsonrpc", "package.json"))
            ? null
            : $"vscode-jsonrpc is not installed in {folder}";
    }

    /// <summary>Starts the peer as a server and waits for it to say its port.</summary>
    public static async Task<JsonRpcNodePeer> StartServerAsync()
    {
        var peer = Start("server");
        try
        {
            var ready = await peer.NextLineAsync(StartPatience);
            Assert.Equal("listening", ready.GetProperty("event").GetString());
            peer.Port = ready.GetProperty("port").GetInt32();
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the peer's client script against 127.0.0.1:<paramref name="port"/>; returns its steps by name.</summary>
    public static async Task<Dictionary<string, JsonElement>> RunClientAsync(int port)
    {
        await using var peer = Start("client", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var steps = new Dictionary<string, JsonElement>();
        using var timeout = new CancellationTokenSource(RunPatience);
        await foreach (var line in peer._lines.Reader.ReadAllAsync(timeout.Token))
        {
            steps[line.GetProperty("step").GetString()!] = line;
        }

        await peer._process.WaitForExitAsync(timeout.Token);
        Assert.True(peer._process.ExitCode == 0, $"the peer failed (exit {peer._process.ExitCode}): {string.Join('\n', steps.Values)}\n{peer.Stderr}");
        return steps;
    }

    /// <summary>The next JSON line the peer prints (events of a server-mode peer).</summary>
    public async Task<JsonElement> NextLineAsync(TimeSpan? patience = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? StartPatience);
        try
        {
            return await _lines.Reader.ReadAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"the peer printed nothing more; stderr: {Stderr}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Closing stdin asks a server-mode peer to exit; kill it if it does not.
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
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
        finally
        {
            _process.Dispose();
        }
    }

    private static JsonRpcNodePeer Start(params string[] arguments)
    {
        var folder = PeerFolder() ?? throw new InvalidOperationException(Unavailable());
        var node = FindNode() ?? throw new InvalidOperationException(Unavailable());
        if (Unavailable() is { } reason)
        {
            throw new InvalidOperationException($"{reason}; run ./rpclab test or `npm ci` in tests/peers/node");
        }

        var info = new ProcessStartInfo(node)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Script);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new JsonRpcNodePeer(Process.Start(info)!);
    }

    private static string? FindNode() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? "node.exe" : "node"))
            .FirstOrDefault(File.Exists);

    /// <summary>The source folder of the node peers (node_modules is installed there, not copied to the test output).</summary>
    private static string? PeerFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "peers", "node");
            if (File.Exists(Path.Combine(candidate, Script)))
            {
                return candidate;
            }
        }

        return null;
    }
}
