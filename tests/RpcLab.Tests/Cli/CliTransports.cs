using RpcLab.Composition;
using RpcLab.Tests.Conformance;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Cli;

/// <summary>
/// The transports the CLI's end-to-end tests run over: every registered one that can make all four call shapes
/// (the tests upload files and stream words both ways). REST's client streaming gap is tested in its own suite.
/// </summary>
public static class CliTransports
{
    public static TheoryData<string> All =>
        [.. TransportRegistry.Names.Where(name =>
            ConformanceTransports.Gap(name, TransportCapability.ClientStreaming) is null
            && ConformanceTransports.Gap(name, TransportCapability.DuplexStreaming) is null)];
}
