using RpcLab.Composition;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Conformance;

/// <summary>
/// The transports the conformance suite runs against: every one in RpcLab.Composition.TransportRegistry, so registering a
/// transport there puts it in the suite; its gaps are the ones it records itself (<see cref="IRpcTransport.Gaps"/>). Every
/// test in this folder is a theory over these names.
/// </summary>
public static class ConformanceTransports
{
    /// <summary>Every transport of the registry: one registered there is in the suite, with no second list to keep.</summary>
    public static TheoryData<string> All => [.. TransportRegistry.Names];

    /// <summary>
    /// The transports with a wire: the ones that have connections to limit (an in-process server has none, so the
    /// connection tests do not apply to it rather than being a gap of it).
    /// </summary>
    public static TheoryData<string> WithWire => [.. TransportRegistry.All.Where(t => t.HasWire).Select(t => t.Name)];

    /// <summary>
    /// Why <paramref name="transport"/> cannot do <paramref name="capability"/> natively, or null when it can. A test of
    /// such a capability asserts the documented behaviour instead, so the gap is visible in the suite rather than silently skipped.
    /// </summary>
    public static string? Gap(string transport, TransportCapability capability) =>
        TransportRegistry.Get(transport).Gaps.FirstOrDefault(g => g.Capability == capability)?.Reason;
}
