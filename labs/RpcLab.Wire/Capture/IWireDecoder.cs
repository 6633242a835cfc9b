namespace RpcLab.Wire.Capture;

/// <summary>
/// Decodes what one relayed connection carried, both directions, into messages annotated layer by layer. One per
/// protocol; <see cref="Decoders.WireDecoders"/> picks it by transport name. Implementations are stateless between
/// calls (per-connection state such as HPACK tables lives inside <see cref="Decode"/>), so thread-safe.
/// </summary>
public interface IWireDecoder
{
    /// <summary>The layers it decodes, outermost first ("HTTP/2, HPACK, gRPC, protobuf").</summary>
    string Layers { get; }

    /// <summary>
    /// The messages of both directions (each direction's bytes covered exactly once by their parts) and the facts.
    /// Never throws for malformed bytes: what cannot be framed becomes an "undecoded" part.
    /// </summary>
    (IReadOnlyList<WireMessage> Messages, WireFacts Facts) Decode(DirectionStream clientToServer, DirectionStream serverToClient);
}
