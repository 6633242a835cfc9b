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
        Bare("grpc-dotnet-bare", "grpc", "serve-bare-grpc"),
        // The same service through gRPC JSON transcoding alone, and a stock StreamJsonRpc server: the yardsticks of the
        // REST and JSON-RPC transports. Their figures are read at 1, 16 and 64 callers (the adapters' aims): no higher.
        Bare("transcoding-bare", "rest", "serve-bare-rest", YardstickConcurrency),
        Bare("streamjsonrpc-bare", "jsonrpc", "serve-bare-jsonrpc", YardstickConcurrency),
        new("grpc-js", "grpc", "node", "tests/peers/node/grpc_echo_server.mjs", Peer, ListeningOn,
            nodePackages: ["@grpc/grpc-js", "@grpc/proto-loader"]),
        new("vscode-jsonrpc", "jsonrpc", "node", "tests/peers/node/jsonrpc_echo_server.mjs", Peer, ListeningOn,
            nodePackages: ["vscode-jsonrpc"]),

        // Our zerorpc on pyzmq + msgpack (zerorpc-python itself is in no registry served here); it prints a line per call.
        new("python-zerorpc", "zerorpc", Python, "tests/peers/python/zerorpc_server.py", Peer, ListeningOn,
            probe: ["-c", "import zmq, msgpack"]),
    ];

    /// <summary>The most callers the yardsticks read only for the adapters' aims are loaded with.</summary>
    public const int YardstickConcurrency = 64;

    /// <summary>
    /// A bare library server of the benchmark program (bench/RpcLab.Bench: <paramref name="verb"/>), run by <c>dotnet
    /// run</c>, which builds it first when it is not built: hence the long start timeout.
    /// </summary>
    private static ForeignServer Bare(string name, string transport, string verb, int? maxConcurrency = null) =>
        new(name, transport, "dotnet", "bench/RpcLab.Bench/RpcLab.Bench.csproj", ["run", "-c", "Release", "--project", ForeignServer.FilePlaceholder, "--", verb, "--port", "0"], ListeningOn,
            startTimeout: TimeSpan.FromMinutes(15), maxConcurrency: maxConcurrency);

    /// <summary>"listening on 127.0.0.1:PORT", as the benchmark peers print it.</summary>
    private static int? ListeningOn(string line) =>
        ListeningOnPattern().Match(line) is { Success: true } match ? int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^listening on \S+:(?<port>\d+)\s*$")]
    private static partial Regex ListeningOnPattern();
}
