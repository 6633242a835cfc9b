using RpcLab.Composition;
using RpcLab.Services.Errors;
using RpcLab.Tests.Infrastructure;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Conformance;

/// <summary>
/// Retries and at-most-once on every transport with a wire, with the reply of the first attempt lost
/// (<see cref="LostReplyUsers"/>): a retried create runs twice without request ids and once with them; by default an
/// idempotent get is retried on Unavailable and a create is not (TEACHING #8).
/// </summary>
public sealed class RetryConformanceTests
{
    private static readonly RetryOptions Quick = new() { MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(5), Jitter = false };

    /// <summary>Every registered transport that has a wire (a lost reply means nothing in-process).</summary>
    public static TheoryData<string> WithWire => [.. TransportRegistry.All.Where(t => t.HasWire).Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(WithWire))]
    public async Task A_retried_create_runs_twice_without_request_ids(string transport)
    {
        var retry = Quick with { RetryableStatuses = new HashSet<RpcStatusCode> { RpcStatusCode.Unavailable }, AtMostOnce = false };
        await using var env = await StartAsync(transport, retry);

        var user = await env.Server.Client.Services.Users.CreateAsync("Twice", "twice@example.com");

        Assert.Equal("Twice", user.Name);
        Assert.Equal(2, env.Users.Creates);
        Assert.Equal(2, (await env.Server.Services.Users.ListAsync()).Count(u => u.Name == "Twice"));
    }

    [Theory]
    [MemberData(nameof(WithWire))]
    public async Task A_retried_create_runs_once_with_request_ids_and_the_retry_gets_the_first_reply(string transport)
    {
        var retry = Quick with { RetryableStatuses = new HashSet<RpcStatusCode> { RpcStatusCode.Unavailable } };
        await using var env = await StartAsync(transport, retry);

        var user = await env.Server.Client.Services.Users.CreateAsync("Once", "once@example.com");

        var stored = (await env.Server.Services.Users.ListAsync()).Where(u => u.Name == "Once").ToArray();
        Assert.Equal(2, env.Users.Creates);
        Assert.Equal(user, Assert.Single(stored));
    }

    [Theory]
    [MemberData(nameof(WithWire))]
    public async Task By_default_an_idempotent_get_is_retried_on_Unavailable_and_a_create_is_not(string transport)
    {
        await using var env = await StartAsync(transport, Quick);

        var seeded = await env.Server.Client.Services.Users.GetAsync("1");
        var lost = await Assert.ThrowsAsync<RpcException>(() => env.Server.Client.Services.Users.CreateAsync("Lost", "lost@example.com"));

        Assert.Equal("1", seeded.Id);
        Assert.Equal(2, env.Users.Gets);
        Assert.Equal(RpcStatusCode.Unavailable, lost.Status);
        Assert.Equal(1, env.Users.Creates);
    }

    [Theory]
    [MemberData(nameof(WithWire))]
    public async Task Without_retry_options_nothing_is_retried(string transport)
    {
        await using var env = await StartAsync(transport, retry: null);

        var failure = await Assert.ThrowsAsync<RpcException>(() => env.Server.Client.Services.Users.GetAsync("1"));

        Assert.Equal(RpcStatusCode.Unavailable, failure.Status);
        Assert.Equal(1, env.Users.Gets);
    }

    private static async Task<Environment> StartAsync(string transport, RetryOptions? retry)
    {
        LostReplyUsers? users = null;
        var server = await TestServer.StartAsync(transport, new TestServerOptions
        {
            Decorate = services => services with { Users = users = new LostReplyUsers(services.Users) },
            Client = new ClientOptions { Retry = retry },
        });
        return new Environment(server, users!);
    }

    private sealed record Environment(TestServer Server, LostReplyUsers Users) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
