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

    /// <summary>The names the command line accepts.</summary>
    public static IEnumerable<string> Names => All.Select(t => t.Name);

    public static IRpcTransport Get(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown transport '{name}'; known: {string.Join(", ", Names)}");

    /// <summary>
    /// The transport as the command line configures it: <paramref name="framing"/> (<c>--framing</c>)
    /// chooses JSON-RPC's message delimiting and means nothing to the other transports.
    /// </summary>
    public static IRpcTransport Get(string name, string? framing)
    {
        var transport = Get(name);
        if (framing is null)
        {
            return transport;
        }

        return transport is JsonRpcTransport jsonRpc
            ? new JsonRpcTransport(jsonRpc.Options with { Framing = ParseFraming(framing) })
            : throw new ArgumentException($"--framing applies to the jsonrpc transport only, not to {transport.Name}");
    }

    /// <summary>
    /// <paramref name="transport"/> serving the original course project's contract <paramref name="original"/>
    /// (<c>--original</c>) when it can (<see cref="IServesOriginals"/>); otherwise an error naming the transports that can.
    /// </summary>
    public static IRpcTransport WithOriginal(IRpcTransport transport, string original)
    {
        var able = All.OfType<IServesOriginals>().Cast<IRpcTransport>().Select(t => t.Name).ToArray();
        if (transport is not IServesOriginals serves)
        {
            throw new ArgumentException($"--original applies to {string.Join(", ", able)}, not to {transport.Name}");
        }

        return serves.Originals.ContainsKey(original)
            ? serves.ServingOriginal(original)
            : throw new ArgumentException($"{transport.Name} serves no original contract '{original}'; it serves: {string.Join(", ", serves.Originals.Keys)}");
    }

    /// <summary>"rpyc: files1 (...)": every original contract any transport serves, for help texts.</summary>
    public static string OriginalList =>
        string.Join("; ", All.OfType<IServesOriginals>().SelectMany(s => s.Originals.Select(o => $"--transport {((IRpcTransport)s).Name} --original {o.Key}: {o.Value}")));

    /// <summary>The transport's well-known port (<see cref="IRpcTransport.DefaultPort"/>), or null when it has none.</summary>
    public static int? DefaultPort(string name) => Get(name).DefaultPort;

    /// <summary>"grpc 50051, jsonrpc 4000": the well-known ports, for help texts.</summary>
    public static string DefaultPortList =>
        string.Join(", ", All.Where(t => t.DefaultPort is not null).Select(t => $"{t.Name} {t.DefaultPort}"));

    private static JsonRpcFraming ParseFraming(string framing) => framing.ToLowerInvariant() switch
    {
        "content-length" => JsonRpcFraming.ContentLength,
        "newline" => JsonRpcFraming.Newline,
        _ => throw new ArgumentException($"unknown framing '{framing}'; use content-length or newline"),
    };
}
