using RpcLab.Wire.Capture;

namespace RpcLab.Wire.Decoders;

/// <summary>
/// The decoder for each transport's wire, by transport name: the wire view's own table, so the command line picks a
/// decoder without naming transports. A transport missing here is shown undecoded (<see cref="OpaqueDecoder"/>).
/// Immutable, thread-safe.
/// </summary>
public static class WireDecoders
{
    private static readonly Dictionary<string, IWireDecoder> ByTransport = new(StringComparer.OrdinalIgnoreCase)
    {
        ["grpc"] = new GrpcDecoder(),
        ["rest"] = new Http1Decoder(),
        ["jsonrpc"] = new JsonRpcDecoder(),
        ["zerorpc"] = new ZeroRpcDecoder(),
        ["raw"] = new RawDecoder(),
        ["rpyc"] = new RpycDecoder(),
    };

    public static IWireDecoder For(string transport) =>
        ByTransport.TryGetValue(transport, out var decoder) ? decoder : new OpaqueDecoder();
}
