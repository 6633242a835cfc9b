using RpcLab.Services;
using RpcLab.Services.AtMostOnce;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;

namespace RpcLab.Tests.Services;

/// <summary>The at-most-once table: a duplicate gets the first reply without running, and memory stays bounded.</summary>
public sealed class ReplyTableTests
{
    [Fact]
    public async Task A_duplicate_is_answered_with_the_first_result_without_running_again()
    {
        var table = new ReplyTable(maxClients: 4);
        var runs = 0;
        Task<object?> Run() => Task.FromResult<object?>(++runs);

        var first = await table.RunAsync("m", new RequestId("a", 1), Run);
        var retry = await table.RunAsync("m", new RequestId("a", 1), Run);
        var next = await table.RunAsync("m", new RequestId("a", 2), Run);

        Assert.Equal((1, 1, 2), ((int)first!, (int)retry!, (int)next!));
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task A_duplicate_of_a_failed_call_gets_the_same_error()
    {
        var table = new ReplyTable(maxClients: 4);
        var runs = 0;
        Task<object?> Fail() => Task.FromException<object?>(RpcException.NotFound($"run {++runs}"));

        var first = await Assert.ThrowsAsync<RpcException>(() => table.RunAsync("m", new RequestId("a", 1), Fail));
        var retry = await Assert.ThrowsAsync<RpcException>(() => table.RunAsync("m", new RequestId("a", 1), Fail));

        Assert.Same(first, retry);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_refusal_is_not_kept_so_the_retry_runs()
    {
        var table = new ReplyTable(maxClients: 4);
        var runs = 0;
        Task<object?> Run() => ++runs == 1 ? Task.FromException<object?>(RpcException.ResourceExhausted("queue full")) : Task.FromResult<object?>("done");

        await Assert.ThrowsAsync<RpcException>(() => table.RunAsync("m", new RequestId("a", 1), Run));
        var retry = await table.RunAsync("m", new RequestId("a", 1), Run);

        Assert.Equal("done", retry);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task An_older_request_than_the_last_is_aborted_not_run()
    {
        var table = new ReplyTable(maxClients: 4);
        await table.RunAsync("m", new RequestId("a", 2), () => Task.FromResult<object?>(null));

        var old = await Assert.ThrowsAsync<RpcException>(() => table.RunAsync("m", new RequestId("a", 1), () => throw new InvalidOperationException("must not run")));

        Assert.Equal(RpcStatusCode.Aborted, old.Status);
    }

    [Fact]
    public async Task The_table_holds_at_most_one_entry_per_client_and_evicts_the_least_recent()
    {
        var table = new ReplyTable(maxClients: 64);

        for (var client = 0; client < 1000; client++)
        {
            for (var sequence = 1; sequence <= 3; sequence++)
            {
                await table.RunAsync("m", new RequestId($"c{client}", sequence), () => Task.FromResult<object?>(null));
                Assert.True(table.Count <= Math.Min(client + 1, 64));
            }
        }

        Assert.Equal(64, table.Count);
        Assert.Equal(1000 - 64, table.Evicted);
    }

    [Fact]
    public async Task The_host_runs_a_duplicate_create_once_and_idempotent_calls_pass_through()
    {
        await using var host = ServiceHost.Create(new ServiceOptions { AtMostOnceClients = 8 });
        var id = new RequestId("client", 1);

        var first = await host.Services.Users.CreateAsync("Ada", "ada@example.com", id);
        var retry = await host.Services.Users.CreateAsync("Ada", "ada@example.com", id);
        var plain = await host.Services.Users.CreateAsync("Ada", "ada@example.com");

        Assert.Equal(first, retry);
        Assert.NotEqual(first.Id, plain.Id);
        Assert.Equal(1, host.Replies!.Count);
        Assert.Equal(3, (await host.Services.Users.ListAsync()).Length);
    }
}
