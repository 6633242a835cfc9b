using RpcLab.Composition;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Conformance;

/// <summary>
/// The gaps the conformance suite asserts instead of a capability come from the transports themselves
/// (<see cref="IRpcTransport.Gaps"/>), each with the reason a student reads in the suite and the README.
/// </summary>
public sealed class TransportGapTests
{
    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public void Every_gap_is_recorded_once_with_a_reason(string transport)
    {
        // Act
        var gaps = TransportRegistry.Get(transport).Gaps;

        // Assert
        Assert.All(gaps, gap => Assert.False(string.IsNullOrWhiteSpace(gap.Reason), $"{transport}: {gap.Capability} has no reason"));
        Assert.Equal(gaps.Count, gaps.Select(g => g.Capability).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public void The_suite_skips_exactly_the_gaps_the_transport_records(string transport)
    {
        // Arrange
        var recorded = TransportRegistry.Get(transport).Gaps.ToDictionary(g => g.Capability, g => g.Reason);

        // Act
        var skipped = Enum.GetValues<TransportCapability>()
            .Select(capability => (capability, Reason: ConformanceTransports.Gap(transport, capability)))
            .Where(c => c.Reason is not null)
            .ToDictionary(c => c.capability, c => c.Reason!);

        // Assert
        Assert.Equal(recorded, skipped);
    }

    [Fact]
    public void A_transport_without_a_wire_has_no_message_to_limit_and_says_so()
    {
        // Act
        var withoutWire = TransportRegistry.All.Where(t => !t.HasWire);

        // Assert
        Assert.All(withoutWire, t => Assert.Contains(t.Gaps, g => g.Capability == TransportCapability.MessageSizeLimit));
    }
}
