namespace RpcLab.Transports.Hosting;

/// <summary>
/// Something a transport cannot do natively, and why: recorded by the transport itself, so the conformance suite asserts
/// the documented behaviour instead of the capability (never a silent skip). Immutable and thread-safe.
/// </summary>
/// <param name="Capability">What it cannot do.</param>
/// <param name="Reason">Why, and what a caller sees instead (an Unimplemented error, a call that goes through whole).</param>
public sealed record TransportGap(TransportCapability Capability, string Reason);
