using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using RpcLab.Composition;
using RpcLab.Services;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

namespace RpcLab.Seminar.Checks.SyncClient;

/// <summary>
/// One run of Lab 4's checks: RpcLab's own server (on the transport checked, port 0 the first time and the same port
/// after a restart, a temporary data folder, every upload recorded by <see cref="UploadRecorder"/> and every call by
/// its call log), a temporary folder for the student's client to mirror, and that client, started from its command
/// line with <c>{dir}</c>, <c>{port}</c> and <c>{interval}</c> filled in. The checks change the folder step by step
/// and look at the server. Shared by the checks of one run (<see cref="CheckContext.Shared{T}"/>); disposing it stops
/// the client and the server and deletes both folders. Used by one check at a time.
/// </summary>
public sealed class SyncScenario : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rpclab-lab04-").FullName;
    private readonly ConcurrentQueue<CallRecord> _calls = new();
    private readonly Dictionary<(string Path, long Size, DateTime Modified), string> _localHashes = [];
    private readonly IRpcTransport _transport;
    private readonly string _host;
    private ServiceHost? _services;
    private IRpcServer? _server;
    private UploadRecorder? _recorder;
    private StudentProcess? _client;

    public SyncScenario(CheckContext context, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(context);
        _transport = TransportRegistry.Get(context.Transport);
        _host = context.Host;
        Interval = interval;
        Directory.CreateDirectory(Folder);
    }

    /// <summary>The interval the client is given, and what the checks' deadlines count in.</summary>
    public TimeSpan Interval { get; }

    /// <summary>The folder the client mirrors (<c>{dir}</c>).</summary>
    public string Folder => Path.Combine(_root, "client");

    public int Port { get; private set; }

    /// <summary>Why the checks after a failed one cannot go on (the client never mirrored its folder), or null.</summary>
    public string? Broken { get; set; }

    /// <summary>Every upload that reached the server, across restarts.</summary>
    public IReadOnlyList<UploadRecorder.Upload> Uploads { get; private set; } = [];

    /// <summary>Every finished call the server logged, across restarts.</summary>
    public IReadOnlyList<CallRecord> Calls => [.. _calls];

    /// <summary>Starts (or starts again, on the same port) RpcLab's server on a data folder that outlives restarts.</summary>
    public async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var data = Path.Combine(_root, "server");
        _services = ServiceHost.Create(new ServiceOptions { DataDirectory = data });
        _recorder = new UploadRecorder(_services.Services.Files);
        var services = _services.Services with { Files = _recorder };
        var options = new ServerOptions { Host = _host, Port = Port, CallLog = _calls.Enqueue };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                _server = await _transport.StartServerAsync(services, options, cancellationToken).ConfigureAwait(false);
                Port = _server.Port;
                return;
            }
            catch (IOException) when (Port != 0 && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                // The port of the server just stopped, not free again yet: the client knows only this one.
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops the server (the client sees it go away); the uploads it recorded are kept.</summary>
    public async Task StopServerAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }

        if (_recorder is not null)
        {
            Uploads = [.. Uploads, .. _recorder.Uploads];
            _recorder = null;
        }

        if (_services is not null)
        {
            await _services.DisposeAsync().ConfigureAwait(false);
            _services = null;
        }
    }

    /// <summary>Every upload so far, including those of the running server.</summary>
    public IReadOnlyList<UploadRecorder.Upload> AllUploads() => _recorder is null ? Uploads : [.. Uploads, .. _recorder.Uploads];

    /// <summary>Starts the student's client with the placeholders filled; it must already know the server's port.</summary>
    public void StartClient(string commandLine)
    {
        var command = commandLine
            .Replace("{dir}", Quote(Folder), StringComparison.Ordinal)
            .Replace("{port}", Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{interval}", Duration(Interval), StringComparison.Ordinal);
        _client = StudentProcess.Start(command, new TerminalLog());
    }

    /// <summary>The client's last lines, for a failure's reason.</summary>
    public string ClientOutput() => _client?.LastOutput(12, stackFrames: false) ?? " (it was not started)";

    /// <summary>Fails the check when the client has exited, with its exit code and its last lines.</summary>
    public void ThrowIfClientExited()
    {
        if (_client is { HasExited: true } client)
        {
            throw new CheckFailedException($"your client exited with code {client.ExitCode}; a sync client keeps running until it is stopped. Its last output{ClientOutput()}");
        }
    }

    /// <summary>The files on the server now, name to SHA-256, read in this process (no call is logged).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ServerFilesAsync(CancellationToken cancellationToken)
    {
        var files = _services ?? throw new InvalidOperationException("the checker's server is not running");
        return (await files.Services.Files.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(e => e.Name, e => e.Sha256, StringComparer.Ordinal);
    }

    /// <summary>The files of the local folder now, name to SHA-256 (a file hashed again only when its size or write time changed).</summary>
    public IReadOnlyDictionary<string, string> LocalFiles() =>
        new DirectoryInfo(Folder).EnumerateFiles().ToDictionary(file => file.Name, LocalHash, StringComparer.Ordinal);

    private string LocalHash(FileInfo file)
    {
        var look = (file.FullName, file.Length, file.LastWriteTimeUtc);
        if (!_localHashes.TryGetValue(look, out var sha))
        {
            sha = Sha256(File.ReadAllBytes(file.FullName));
            _localHashes[look] = sha;
        }

        return sha;
    }

    public static string Sha256(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>
    /// Waits until the server holds exactly the local folder's files (names and contents), polling, for at most
    /// <paramref name="within"/>; otherwise the check fails naming what is missing, extra or different.
    /// </summary>
    public async Task WaitForMirrorAsync(TimeSpan within, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            ThrowIfClientExited();
            var local = LocalFiles();
            var server = await ServerFilesAsync(cancellationToken).ConfigureAwait(false);
            var difference = Difference(local, server);
            if (difference is null)
            {
                return;
            }

            if (clock.Elapsed > within)
            {
                throw new CheckFailedException(string.Create(CultureInfo.InvariantCulture,
                    $"{what}: {within.TotalSeconds:0.#} s later the server does not mirror your folder: {difference}"));
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What differs between the folder and the server, in a sentence, or null when they are equal.</summary>
    public static string? Difference(IReadOnlyDictionary<string, string> local, IReadOnlyDictionary<string, string> server)
    {
        var missing = local.Keys.Where(n => !server.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
        var extra = server.Keys.Where(n => !local.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
        var stale = local.Keys.Where(n => server.TryGetValue(n, out var sha) && sha != local[n]).Order(StringComparer.Ordinal).ToList();
        var parts = new List<string>();
        if (missing.Count > 0)
        {
            parts.Add($"not uploaded: {string.Join(", ", missing)}");
        }

        if (stale.Count > 0)
        {
            parts.Add($"an older content on the server: {string.Join(", ", stale)}");
        }

        if (extra.Count > 0)
        {
            parts.Add($"still on the server though gone from your folder: {string.Join(", ", extra)}");
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    /// <summary>Calls that failed because a message was over the server's limit (a file sent in one message).</summary>
    public IReadOnlyList<CallRecord> OverLimit() => Calls.Where(c => c.Status == RpcStatusCode.ResourceExhausted).ToList();

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }

        await StopServerAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover in /tmp is harmless.
        }
    }

    /// <summary>An interval as the client's <c>--interval</c> takes it: whole seconds as <c>1s</c>, else milliseconds.</summary>
    public static string Duration(TimeSpan interval) =>
        interval.TotalSeconds == Math.Floor(interval.TotalSeconds)
            ? string.Create(CultureInfo.InvariantCulture, $"{interval.TotalSeconds:0}s")
            : string.Create(CultureInfo.InvariantCulture, $"{interval.TotalMilliseconds:0}ms");

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
