using System.Reflection;
using RpcLab.Composition;
using Xunit.Sdk;

namespace RpcLab.Tests.Hosting;

/// <summary>
/// Theory rows (transport, host): one <c>--host</c> value for every transport of the registry that has a wire. Rows
/// for <c>::1</c> are skipped, saying why, on a machine without an IPv6 loopback (<see cref="Ipv6Loopback"/>).
/// </summary>
/// <remarks>xunit 2 reads a data attribute's Skip per attribute, so the decision is made when it is constructed.</remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ListenHostDataAttribute : DataAttribute
{
    public ListenHostDataAttribute(string host)
    {
        Host = host;
        Skip = host == "::1" ? Ipv6Loopback.SkipReason : null;
    }

    /// <summary>The <c>--host</c> of the rows.</summary>
    public string Host { get; }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        TransportRegistry.All.Where(t => t.HasWire).Select(t => new object[] { t.Name, Host });
}
