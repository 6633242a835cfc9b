using RpcLab.Transports.Grpc;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.InProc;
using RpcLab.Transports.JsonRpc;
using RpcLab.Transports.Raw;
using RpcLab.Transports.Rpyc;
using RpcLab.Transports.ZeroRpc;

namespace RpcLab.Composition;

/// <summary>Every transport, by name. The one place a new transport is listed. Immutable, thread-safe.</summary>
public static class TransportRegistry
{
    public static IReadOnlyList<IRpcTransport> All { get; } =
    [
        new InProcTransport(),
        new GrpcTransport(),
        new RestTransport(),
        new JsonRpcTransport(),
        new ZeroRpcTransport(),
        new RawTransport(),
        new RpycTransport(),
    ];

    /// <summary>The transport a command uses when <c>--transport</c> is not given: gRPC, as in Lab 1 and the README's first example.</summary>
    public static IRpcTransport Default => Get("grpc");

    /// <summary>The names the command line accepts.</summary>
    public static IEnumerable<string> Names => All.Select(t => t.Name);

    public static IRpcTransport Get(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown transport '{name}'; known: {string.Join(", ", Names)}");

    /// <summary>The transport's well-known port (<see cref="IRpcTransport.DefaultPort"/>), or null when it has none.</summary>
    public static int? DefaultPort(string name) => Get(name).DefaultPort;

    /// <summary>"grpc 50051, jsonrpc 4000": the well-known ports, for help texts.</summary>
    public static string DefaultPortList =>
        string.Join(", ", All.Where(t => t.DefaultPort is not null).Select(t => $"{t.Name} {t.DefaultPort}"));
}
