using System.Diagnostics;

namespace RpcLab.Labs.Load;

/// <summary>
/// A server of ours written on a foreign stack (tests/peers/): which transport's client speaks to it, how to
/// start it, and what it needs installed. The sweep loads it with the same client it uses on our server,
/// so the two servers are compared on equal terms. Immutable.
/// </summary>
public sealed class ForeignServer
{
    private readonly Lazy<string?> _problem;

    /// <param name="name">The results' <c>server</c> column, e.g. python-grpcio.</param>
    /// <param name="transport">The name of the transport whose client speaks its protocol.</param>
    /// <param name="runtime">The program that runs it (a path, or a name looked up on PATH).</param>
    /// <param name="script">The script, relative to tests/peers.</param>
    /// <param name="arguments">The script's arguments: listen on 127.0.0.1, any free port.</param>
    /// <param name="readPort">Reads the port from the line it prints once it listens (null for other lines).</param>
    /// <param name="probe">Arguments for <paramref name="runtime"/> that succeed only when its packages are installed (null: none needed).</param>
    /// <param name="nodePackages">npm packages it needs in tests/peers/node/node_modules.</param>
    public ForeignServer(string name, string transport, string runtime, string script, string[] arguments, Func<string, int?> readPort, string[]? probe = null, string[]? nodePackages = null)
    {
        Name = name;
        Transport = transport;
        Runtime = runtime;
        Script = script;
        Arguments = arguments;
        ReadPort = readPort;
        Probe = probe;
        NodePackages = nodePackages ?? [];
        _problem = new Lazy<string?>(FindProblem);
    }

    public string Name { get; }

    public string Transport { get; }

    public string Runtime { get; }

    public string Script { get; }

    public IReadOnlyList<string> Arguments { get; }

    public Func<string, int?> ReadPort { get; }

    public IReadOnlyList<string>? Probe { get; }

    public IReadOnlyList<string> NodePackages { get; }

    /// <summary>Why it cannot run here (not installed, no checkout), or null when it can. Probed once.</summary>
    public string? Problem => _problem.Value;

    /// <summary>Starts it on a free loopback port.</summary>
    public async Task<ServerProcess> StartAsync(CancellationToken cancellationToken)
    {
        var peers = PeersFolder ?? throw new InvalidOperationException("no tests/peers folder");
        var script = Path.Combine(peers, Script);
        return await ServerProcess.StartAsync(
            ResolveRuntime() ?? Runtime,
            [script, .. Arguments],
            ReadPort,
            TimeSpan.FromSeconds(60),
            cancellationToken,
            Path.GetDirectoryName(script),
            PeerEnvironment).ConfigureAwait(false);
    }

    /// <summary>tests/peers of the checkout, or null outside one.</summary>
    public static string? PeersFolder => Repository.Root is { } root && Directory.Exists(Path.Combine(root, "tests", "peers")) ? Path.Combine(root, "tests", "peers") : null;

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
        var peers = PeersFolder;
        if (peers is null)
        {
            return "no tests/peers folder (run from the RpcLab checkout)";
        }

        if (!File.Exists(Path.Combine(peers, Script)))
        {
            return $"tests/peers/{Script} is not there";
        }

        var runtime = ResolveRuntime();
        if (runtime is null)
        {
            return $"{Runtime} is not installed";
        }

        foreach (var package in NodePackages)
        {
            if (!File.Exists(Path.Combine(peers, "node", "node_modules", package, "package.json")))
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
            return File.Exists(Runtime) ? Runtime : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, Runtime))
            .FirstOrDefault(File.Exists);
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
