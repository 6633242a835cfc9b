using System.Globalization;
using System.Text.RegularExpressions;

namespace RpcLab.Measurement.Load;

/// <summary>
/// The foreign servers the sweep can load beside ours, each a server of the same protocol not built on our
/// transport: the one place to list another. A transport they name that is not in the registry (not built yet) simply
/// has no foreign server in the run. Immutable, thread-safe.
/// </summary>
public static partial class ForeignServers
{
    /// <summary>Debian's interpreter: the peers' packages are Debian packages, invisible to a pyenv python.</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>A peer script's arguments: the script, then any free port on loopback.</summary>
    private static readonly string[] Peer = [ForeignServer.FilePlaceholder, "--port", "0"];

    public static IReadOnlyList<ForeignServer> All { get; } =
    [
        new("python-grpcio", "grpc", Python, "tests/peers/python/grpc_server.py", Peer, ListeningOn,
            probe: ["-c", "import grpc, google.protobuf, grpc_tools.protoc"]),
        // grpc-dotnet with nothing of ours: the yardstick for what the gRPC transport's adapters and interceptors cost.
        new("grpc-dotnet-bare", "grpc", "dotnet", "bench/RpcLab.Bench/RpcLab.Bench.csproj", ["run", "-c", "Release", "--project", ForeignServer.FilePlaceholder, "--", "serve-bare-grpc", "--port", "0"], ListeningOn,
            startTimeout: TimeSpan.FromMinutes(15)),
        new("grpc-js", "grpc", "node", "tests/peers/node/grpc_echo_server.mjs", Peer, ListeningOn,
            nodePackages: ["@grpc/grpc-js", "@grpc/proto-loader"]),
        new("vscode-jsonrpc", "jsonrpc", "node", "tests/peers/node/jsonrpc_echo_server.mjs", Peer, ListeningOn,
            nodePackages: ["vscode-jsonrpc"]),

        // Our zerorpc on pyzmq + msgpack (zerorpc-python itself is in no registry served here); it prints a line per call.
        new("python-zerorpc", "zerorpc", Python, "tests/peers/python/zerorpc_server.py", Peer, ListeningOn,
            probe: ["-c", "import zmq, msgpack"]),
    ];

    /// <summary>"listening on 127.0.0.1:PORT", as the benchmark peers print it.</summary>
    private static int? ListeningOn(string line) =>
        ListeningOnPattern().Match(line) is { Success: true } match ? int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^listening on \S+:(?<port>\d+)\s*$")]
    private static partial Regex ListeningOnPattern();
}
