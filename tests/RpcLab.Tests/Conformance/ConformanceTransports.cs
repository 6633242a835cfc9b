using RpcLab.Composition;

namespace RpcLab.Tests.Conformance;

/// <summary>
/// The transports the conformance suite runs against: every one in RpcLab.Composition.TransportRegistry, so registering a
/// transport there puts it in the suite; its gaps are recorded here. Every test in this folder is a theory over these names.
/// </summary>
public static class ConformanceTransports
{
    /// <summary>Every transport of the registry: one registered there is in the suite, with no second list to keep.</summary>
    public static TheoryData<string> All => [.. TransportRegistry.Names];

    /// <summary>
    /// What a transport cannot do natively, with the reason. A test of such a capability asserts the
    /// documented behaviour instead, so the gap is visible in the suite rather than silently skipped.
    /// </summary>
    public static readonly IReadOnlyDictionary<(string Transport, Capability Capability), string> Gaps =
        new Dictionary<(string, Capability), string>
        {
            [("inproc", Capability.MessageSizeLimit)] = "no wire, so there is no message to limit: large calls succeed",
            [("rest", Capability.ClientStreaming)] = "gRPC JSON transcoding maps only unary and server-streaming methods to REST: Unimplemented",
            [("rest", Capability.DuplexStreaming)] = "gRPC JSON transcoding maps only unary and server-streaming methods to REST: Unimplemented",
        };

    public static string? Gap(string transport, Capability capability) =>
        Gaps.TryGetValue((transport, capability), out var reason) ? reason : null;
}
