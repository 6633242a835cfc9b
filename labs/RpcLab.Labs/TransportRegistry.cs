using RpcLab.Transports.Grpc;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.InProc;
using RpcLab.Transports.JsonRpc;

namespace RpcLab.Labs;

/// <summary>Every transport, by name. The one place a new transport is listed.</summary>
public static class TransportRegistry
{
    public static IReadOnlyList<IRpcTransport> All { get; } =
    [
        new InProcTransport(),
        new GrpcTransport(),
        new JsonRpcTransport(),
    ];

    /// <summary>The names the command line accepts.</summary>
    public static IEnumerable<string> Names => All.Select(t => t.Name);

    public static IRpcTransport Get(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown transport '{name}'; known: {string.Join(", ", Names)}");
}
