using RpcLab.Services.Errors;

namespace RpcLab.Tests.Conformance;

/// <summary>Every server logs each finished call once, with its method and status (what <c>rpclab serve</c> prints).</summary>
public sealed class CallLogConformanceTests
{
    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task The_server_logs_each_call_with_its_method_and_status(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);

        await env.Services.Echo.ReverseAsync("hello");
        await Assert.ThrowsAsync<RpcException>(() => env.Services.Users.GetAsync("999"));
        var items = 0;
        await foreach (var _ in env.Services.Echo.RepeatAsync("hi", 2))
        {
            items++;
        }

        // A server may log just after its reply has left, so wait for the three records.
        var calls = await env.WaitForServerCallsAsync(_ => true, count: 3);

        Assert.Equal(2, items);
        Assert.Contains(calls, c => c.Method.Contains("reverse", StringComparison.OrdinalIgnoreCase) && c.Status == RpcStatusCode.OK);
        Assert.Contains(calls, c => c.Method.Contains("get", StringComparison.OrdinalIgnoreCase) && c.Status == RpcStatusCode.NotFound && c.Detail!.Contains("999"));
        Assert.Contains(calls, c => c.Method.Contains("repeat", StringComparison.OrdinalIgnoreCase) && c.Status == RpcStatusCode.OK);
        Assert.All(calls, c => Assert.Equal(transport, c.Transport));
    }
}
