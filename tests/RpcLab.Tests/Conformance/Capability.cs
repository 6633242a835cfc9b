namespace RpcLab.Tests.Conformance;

/// <summary>Capabilities a transport may lack natively (see <see cref="ConformanceTransports.Gaps"/>).</summary>
public enum Capability
{
    MessageSizeLimit,
}
