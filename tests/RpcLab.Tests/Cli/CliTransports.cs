using RpcLab.Composition;
using RpcLab.Tests.Conformance;

namespace RpcLab.Tests.Cli;

/// <summary>
/// The transports the CLI's end-to-end tests run over: every registered one that can make all four call shapes
/// (the tests upload files and stream words both ways). REST's client streaming gap is tested in its own suite.
/// </summary>
public static class CliTransports
{
    public static TheoryData<string> All =>
        [.. TransportRegistry.Names.Where(name =>
            ConformanceTransports.Gap(name, Capability.ClientStreaming) is null
            && ConformanceTransports.Gap(name, Capability.DuplexStreaming) is null)];
}
