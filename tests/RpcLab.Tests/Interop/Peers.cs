using System.Diagnostics;
using RpcLab.Measurement.Load;

namespace RpcLab.Tests.Interop;

/// <summary>
/// Finds the foreign peers (tests/peers/) and the runtimes they need, and starts them. Availability is
/// probed once per test run. Thread-safe.
/// </summary>
public static class Peers
{
    /// <summary>Set to 1 (CI does) to make a missing peer a failure instead of a skip.</summary>
    public const string RequireVariable = "RPCLAB_REQUIRE_PEERS";

    /// <summary>Debian's interpreter: the grpc modules are Debian packages, invisible to a pyenv python on PATH.</summary>
    public const string PythonPath = ForeignServers.Python;

    private const string InstallHint = "`./rpclab test` or tests/peers/install.sh installs it";

    private static readonly Lazy<string?> PythonGrpcProblem = new(ProbePythonGrpc);
    private static readonly Lazy<string?> PythonRpycProblem = new(() => ProbePython("import rpyc", "rpyc (Debian package python3-rpyc)"));
    private static readonly Lazy<string?> PythonZeroRpcProblem = new(() => ProbePython("import zmq, msgpack", "the zerorpc peer's modules (Debian packages python3-zmq python3-msgpack)"));

    /// <summary>True when <see cref="RequireVariable"/> is 1.</summary>
    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>
    /// tests/peers of the repository when the tests run from a checkout (install.sh puts node_modules
    /// there), else the copy beside the test assembly.
    /// </summary>
    public static string Directory { get; } = FindPeersDirectory();

    /// <summary>node on PATH, or null.</summary>
    public static string? NodePath { get; } = SearchPath.Find("node");

    /// <summary>Why a test needing <paramref name="peers"/> must be skipped, or null to run it (always null when peers are required).</summary>
    public static string? SkipReason(Peer peers)
    {
        if (Required)
        {
            return null;
        }

        var missing = Missing(peers);
        return missing.Count == 0 ? null : $"{string.Join("; ", missing)} ({InstallHint}; set {RequireVariable}=1 to fail instead of skipping)";
    }

    /// <summary>What is missing for <paramref name="peers"/>, one sentence per problem; empty when all are there.</summary>
    public static IReadOnlyList<string> Missing(Peer peers)
    {
        var problems = new List<string>();
        if (peers.HasFlag(Peer.PythonGrpc) && PythonGrpcProblem.Value is { } python)
        {
            problems.Add(python);
        }

        if (peers.HasFlag(Peer.PythonZeroRpc) && PythonZeroRpcProblem.Value is { } zeroRpc)
        {
            problems.Add(zeroRpc);
        }

        if (peers.HasFlag(Peer.PythonRpyc) && PythonRpycProblem.Value is { } rpyc)
        {
            problems.Add(rpyc);
        }

        if (peers.HasFlag(Peer.NodeGrpc))
        {
            AddNodeProblems(problems, "@grpc/grpc-js", "@grpc/proto-loader");
        }

        if (peers.HasFlag(Peer.NodeJsonRpc))
        {
            AddNodeProblems(problems, "vscode-jsonrpc");
        }

        return problems;
    }

    /// <summary>Throws, saying what is missing and how to install it, unless every one of <paramref name="peers"/> is available.</summary>
    public static void EnsureAvailable(Peer peers)
    {
        var missing = Missing(peers);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"peer {peers} is not available: {string.Join("; ", missing)} ({InstallHint})");
        }
    }

    /// <summary>
    /// Starts <paramref name="script"/> (a path under tests/peers, such as "python/grpc_client.py") with the
    /// runtime of <paramref name="peer"/>. Throws, saying what is missing and how to install it, when the peer
    /// is not available (a required peer that is missing fails here, clearly).
    /// </summary>
    public static PeerProcess Start(Peer peer, string script, params string[] args)
    {
        EnsureAvailable(peer);
        var path = Path.Combine(Directory, script);
        var runtime = peer switch
        {
            Peer.PythonGrpc or Peer.PythonZeroRpc or Peer.PythonRpyc => PythonPath,
            Peer.NodeGrpc or Peer.NodeJsonRpc => NodePath!,
            _ => throw new ArgumentException($"start one peer at a time, not {peer}", nameof(peer)),
        };
        return PeerProcess.Start(runtime, [path, .. args], Path.GetDirectoryName(path)!, ForeignServer.PeerEnvironment);
    }

    private static void AddNodeProblems(List<string> problems, params string[] packages)
    {
        if (NodePath is null)
        {
            problems.Add("node is not on PATH");
            return;
        }

        foreach (var package in packages)
        {
            if (!File.Exists(Path.Combine(Directory, "node", "node_modules", package, "package.json")))
            {
                problems.Add($"npm package {package} is not installed in {Path.Combine(Directory, "node")}");
            }
        }
    }

    private static string? ProbePythonGrpc() => ProbePython("import grpc, google.protobuf, grpc_tools.protoc", "the grpc modules (Debian packages python3-grpcio python3-protobuf python3-grpc-tools)");

    // Null when Debian's python runs `script` (imports, typically); else why not, naming what to install.
    private static string? ProbePython(string script, string modules)
    {
        if (!File.Exists(PythonPath))
        {
            return $"{PythonPath} is missing";
        }

        var start = new ProcessStartInfo(PythonPath, ["-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        ForeignServer.PeerEnvironment(start.Environment);
        using var probe = Process.Start(start)!;
        var error = probe.StandardError.ReadToEndAsync();
        probe.StandardOutput.ReadToEnd();
        if (!probe.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            probe.Kill(entireProcessTree: true);
            return $"{PythonPath} did not answer within 30 s";
        }

        return probe.ExitCode == 0
            ? null
            : $"{PythonPath} lacks {modules}: {error.Result.Trim().Split('\n')[^1]}";
    }

    private static string FindPeersDirectory() =>
        Repository.Root is { } root && System.IO.Directory.Exists(Path.Combine(root, "tests", "peers"))
            ? Path.Combine(root, "tests", "peers")
            : Path.Combine(AppContext.BaseDirectory, "peers");
}
