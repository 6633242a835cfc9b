using System.Diagnostics;

namespace RpcLab.Measurement.Load;

/// <summary>
/// A server of the same protocol as one of our transports but not built on our transport (a peer of ours on a
/// foreign stack in tests/peers/, or a bare library server): which transport's client speaks to it, how to start
/// it, and what it needs installed. The sweep loads it with the same client it uses on our server, so the two
/// servers are compared on equal terms. Immutable.
/// </summary>
public sealed class ForeignServer
{
    private readonly Lazy<string?> _problem;

    /// <param name="name">The results' <c>server</c> column, e.g. python-grpcio.</param>
    /// <param name="transport">The name of the transport whose client speaks its protocol.</param>
    /// <param name="runtime">The program that runs it (a path, or a name looked up on PATH).</param>
    /// <param name="file">Its script or project, relative to the checkout's root; it runs in that file's folder.</param>
    /// <param name="arguments">The runtime's arguments, <see cref="FilePlaceholder"/> standing for the file's full path: listen on 127.0.0.1, any free port.</param>
    /// <param name="readPort">Reads the port from the line it prints once it listens (null for other lines).</param>
    /// <param name="probe">Arguments for <paramref name="runtime"/> that succeed only when its packages are installed (null: none needed).</param>
    /// <param name="nodePackages">npm packages it needs in tests/peers/node/node_modules.</param>
    /// <param name="startTimeout">How long it may take to say where it listens (one minute unless it builds first).</param>
    /// <param name="maxConcurrency">The most concurrent callers the sweep loads it with (null: every concurrency of the sweep).</param>
    public ForeignServer(string name, string transport, string runtime, string file, string[] arguments, Func<string, int?> readPort, string[]? probe = null, string[]? nodePackages = null, TimeSpan? startTimeout = null, int? maxConcurrency = null)
    {
        Name = name;
        Transport = transport;
        Runtime = runtime;
        File = file;
        Arguments = arguments;
        ReadPort = readPort;
        Probe = probe;
        NodePackages = nodePackages ?? [];
        StartTimeout = startTimeout ?? TimeSpan.FromSeconds(60);
        MaxConcurrency = maxConcurrency;
        _problem = new Lazy<string?>(FindProblem);
    }

    /// <summary>Stands for the full path of <see cref="File"/> in <see cref="Arguments"/>.</summary>
    public const string FilePlaceholder = "{file}";

    public string Name { get; }

    public string Transport { get; }

    public string Runtime { get; }

    public string File { get; }

    public IReadOnlyList<string> Arguments { get; }

    public Func<string, int?> ReadPort { get; }

    public IReadOnlyList<string>? Probe { get; }

    public IReadOnlyList<string> NodePackages { get; }

    public TimeSpan StartTimeout { get; }

    /// <summary>
    /// The most concurrent callers the sweep loads it with, or null for all: a yardstick whose figures are read only
    /// at a few concurrencies need not lengthen the sweep at the others.
    /// </summary>
    public int? MaxConcurrency { get; }

    /// <summary>Why it cannot run here (not installed, no checkout), or null when it can. Probed once.</summary>
    public string? Problem => _problem.Value;

    /// <summary>Starts it on a free loopback port.</summary>
    public async Task<ServerProcess> StartAsync(CancellationToken cancellationToken)
    {
        var file = Path.Combine(Repository.RequireRoot($"the {Name} server"), File);
        return await ServerProcess.StartAsync(
            ResolveRuntime() ?? Runtime,
            Arguments.Select(a => a == FilePlaceholder ? file : a),
            ReadPort,
            StartTimeout,
            cancellationToken,
            Path.GetDirectoryName(file),
            PeerEnvironment).ConfigureAwait(false);
    }

    /// <summary>
    /// Loopback peers must not go through a proxy (grpcio and grpc-js honour these), and a pyenv's
    /// PYTHONHOME/PYTHONPATH would point Debian's python at the wrong standard library.
    /// </summary>
    public static void PeerEnvironment(IDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var name in new[] { "http_proxy", "https_proxy", "grpc_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "PYTHONHOME", "PYTHONPATH" })
        {
            environment.Remove(name);
        }

        environment["PYTHONDONTWRITEBYTECODE"] = "1";
        environment["PYTHONUNBUFFERED"] = "1";
    }

    private string? FindProblem()
    {
        var root = Repository.Root;
        if (root is null)
        {
            return "no RpcLab checkout (run from one)";
        }

        if (!System.IO.File.Exists(Path.Combine(root, File)))
        {
            return $"{File} is not there";
        }

        var runtime = ResolveRuntime();
        if (runtime is null)
        {
            return $"{Runtime} is not installed";
        }

        foreach (var package in NodePackages)
        {
            if (!System.IO.File.Exists(Path.Combine(root, "tests", "peers", "node", "node_modules", package, "package.json")))
            {
                return $"npm package {package} is not installed (tests/peers/install.sh installs it)";
            }
        }

        return Probe is null ? null : RunProbe(runtime, Probe);
    }

    private string? ResolveRuntime()
    {
        if (Path.IsPathRooted(Runtime))
        {
            return System.IO.File.Exists(Runtime) ? Runtime : null;
        }

        return SearchPath.Find(Runtime);
    }

    private static string? RunProbe(string runtime, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(runtime, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        PeerEnvironment(start.Environment);
        using var probe = Process.Start(start)!;
        var error = probe.StandardError.ReadToEndAsync();
        probe.StandardOutput.ReadToEnd();
        if (!probe.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            probe.Kill(entireProcessTree: true);
            return $"{runtime} did not answer within 30 s";
        }

        return probe.ExitCode == 0 ? null : $"{runtime} lacks a package it needs (tests/peers/install.sh installs it): {error.Result.Trim().Split('\n')[^1]}";
    }
}
