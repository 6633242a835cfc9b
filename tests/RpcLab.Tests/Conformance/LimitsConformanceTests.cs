using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Conformance;

/// <summary>Large payloads within the limit pass; a message over the limit is ResourceExhausted and harms nothing else.</summary>
public sealed class LimitsConformanceTests
{
    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task A_large_message_under_the_limit_passes(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);
        var a = Enumerable.Range(0, 50_000).ToArray();
        var b = a.Select(x => -2 * x).ToArray();

        var result = await env.Services.Sum.SumAsync(a, b);

        Assert.Equal(a.Select(x => -(long)x), result.Sum);
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task A_message_over_the_limit_is_resource_exhausted_and_the_server_keeps_serving(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);
        var tooLarge = new string('x', 2 * ConformanceEnvironment.MaxMessageSize);

        if (ConformanceTransports.Gap(transport, TransportCapability.MessageSizeLimit) is { } gap)
        {
            // Documented gap: the transport has no message to limit; the call goes through whole.
            Assert.Equal(tooLarge.Length, (await env.Services.Echo.ReverseAsync(tooLarge)).Length);
            Assert.NotEmpty(gap);
            return;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => env.Services.Echo.ReverseAsync(tooLarge));
        var after = await env.Services.Echo.ReverseAsync("ok");

        Assert.Equal(RpcStatusCode.ResourceExhausted, error.Status);
        Assert.Equal("ko", after);
    }
}
