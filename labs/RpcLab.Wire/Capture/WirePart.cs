namespace RpcLab.Wire.Capture;

/// <summary>
/// One layer's slice of a <see cref="WireMessage"/>: the captured bytes it covers (never re-encoded) and what
/// they mean. The parts of the messages of a direction cover its bytes exactly once, in order.
/// </summary>
/// <param name="Layer">The layer and element, such as "HTTP/2 frame header" or "gRPC prefix".</param>
/// <param name="Bytes">The captured bytes.</param>
/// <param name="Notes">The decoded meaning, one line each (may be indented with two spaces per level).</param>
public sealed record WirePart(string Layer, ReadOnlyMemory<byte> Bytes, IReadOnlyList<string> Notes);
