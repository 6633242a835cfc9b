using RpcLab.Transports.Grpc;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.InProc;
using RpcLab.Transports.JsonRpc;

namespace RpcLab.Labs;

/// <summary>Every transport, by name. The one place a new transport is listed. Immutable, thread-safe.</summary>
public static class TransportRegistry
{
    public static IReadOnlyList<IRpcTransport> All { get; } =
    [
        new InProcTransport(),
        new GrpcTransport(),
        new JsonRpcTransport(),
    ];

    /// <summary>
    /// The port <c>serve</c> and <c>call</c> use when <c>--port</c> is not given: the well-known port of
    /// each protocol's original examples, so two terminals agree without saying it. A transport not
    /// listed here binds any free port and its clients must be told <c>--port</c>.
    /// </summary>
    private static readonly Dictionary<string, int> DefaultPorts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["grpc"] = 50051,
        ["jsonrpc"] = 4000,
        ["zerorpc"] = 4242,
    };

    /// <summary>The names the command line accepts.</summary>
    public static IEnumerable<string> Names => All.Select(t => t.Name);

    public static IRpcTransport Get(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown transport '{name}'; known: {string.Join(", ", Names)}");

    /// <summary>The transport's well-known port, or null when it has none.</summary>
    public static int? DefaultPort(string name) => DefaultPorts.TryGetValue(name, out var port) ? port : null;
}
