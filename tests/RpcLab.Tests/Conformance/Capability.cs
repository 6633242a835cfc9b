namespace RpcLab.Tests.Conformance;

/// <summary>Capabilities a transport may lack natively (see <see cref="ConformanceTransports.Gaps"/>).</summary>
public enum Capability
{
    MessageSizeLimit,

    /// <summary>A request stream (client streaming: Echo.Collect, Files.Upload).</summary>
    ClientStreaming,

    /// <summary>A request stream and a result stream at once (Echo.Chat).</summary>
    DuplexStreaming,
}
