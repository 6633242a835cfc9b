namespace RpcLab.Tests.Hosting;

/// <summary>A fact about ::1: skipped, saying why, on a machine without an IPv6 loopback (<see cref="Ipv6Loopback"/>).</summary>
/// <remarks>xunit 2 has no dynamic skip, so the decision is made when the attribute is constructed.</remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class Ipv6LoopbackFactAttribute : FactAttribute
{
    public Ipv6LoopbackFactAttribute() => Skip = Ipv6Loopback.SkipReason;
}
