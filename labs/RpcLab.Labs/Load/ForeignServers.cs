using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RpcLab.Labs.Load;

/// <summary>
/// The foreign servers the sweep can load beside ours, each written on another stack by us (tests/peers/):
/// the one place to list another. A transport they name that is not in the registry (not built yet) simply
/// has no foreign server in the run. Immutable, thread-safe.
/// </summary>
public static partial class ForeignServers
{
    /// <summary>Debian's interpreter: the peers' packages are Debian packages, invisible to a pyenv python.</summary>
    public const string Python = "/usr/bin/python3";

    public static IReadOnlyList<ForeignServer> All { get; } =
    [
        new("python-grpcio", "grpc", Python, "python/grpc_server.py", ["--port", "0"], ListeningOn,
            probe: ["-c", "import grpc, google.protobuf, grpc_tools.protoc"]),
        new("grpc-js", "grpc", "node", "node/grpc_echo_server.mjs", ["--port", "0"], ListeningOn,
            nodePackages: ["@grpc/grpc-js", "@grpc/proto-loader"]),
        new("vscode-jsonrpc", "jsonrpc", "node", "node/jsonrpc-peer.mjs", ["server"], ListeningEvent,
            nodePackages: ["vscode-jsonrpc"]),
    ];

    /// <summary>"listening on 127.0.0.1:PORT", as the gRPC peers print it.</summary>
    private static int? ListeningOn(string line) =>
        ListeningOnPattern().Match(line) is { Success: true } match ? int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture) : null;

    /// <summary>{"event":"listening","port":PORT}, as the JSON peers print it.</summary>
    private static int? ListeningEvent(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.TryGetProperty("event", out var e) && e.ValueEquals("listening") && json.RootElement.TryGetProperty("port", out var port)
                ? port.GetInt32()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^listening on \S+:(?<port>\d+)\s*$")]
    private static partial Regex ListeningOnPattern();
}
