using RpcLab.Services.Contracts;

namespace RpcLab.Tests.Conformance;

/// <summary>Unary calls of every service return the same values whatever the transport.</summary>
public sealed class UnaryConformanceTests
{
    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task Echo_reverse_returns_the_reversed_message(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);

        var reply = await env.Services.Echo.ReverseAsync("hello");

        Assert.Equal("olleh", reply);
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task Echo_keeps_unicode_and_empty_strings_intact(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);

        Assert.Equal(string.Empty, await env.Services.Echo.ReverseAsync(string.Empty));
        Assert.Equal("ßüä é", await env.Services.Echo.ReverseAsync("é äüß"));
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task Parallel_sum_adds_element_wise_without_overflow(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);

        var result = await env.Services.Sum.SumAsync([1, 2, int.MaxValue], [1, 2, int.MaxValue], parallelism: 2);

        Assert.Equal([2L, 4L, 2L * int.MaxValue], result.Sum);
        Assert.InRange(result.Workers, 1, 2);
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task Parallel_sum_of_empty_arrays_and_of_both_int_extremes_comes_back_exact(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);

        var empty = await env.Services.Sum.SumAsync([], []);
        var extremes = await env.Services.Sum.SumAsync([int.MinValue, int.MaxValue, -1, 0, 5], [int.MinValue, int.MinValue, int.MinValue, 0, -7], parallelism: 2);

        Assert.Empty(empty.Sum);
        Assert.Equal([2L * int.MinValue, -1L, int.MinValue - 1L, 0L, -2L], extremes.Sum);
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task Users_support_the_whole_lifecycle(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);
        var users = env.Services.Users;

        var seeded = await users.GetAsync("1");
        var created = await users.CreateAsync("Ada Lovelace", "ada@example.com");
        var updated = await users.UpdateAsync(created.Id, "Ada King", "ada.king@example.com");
        var listed = await users.ListAsync();
        await users.DeleteAsync(created.Id);
        var afterDelete = await users.ListAsync();

        Assert.Equal(new User("1", "John Doe", seeded.Email), seeded);
        Assert.Equal("2", created.Id);
        Assert.Equal(new User("2", "Ada King", "ada.king@example.com"), updated);
        Assert.Equal(["1", "2"], listed.Select(u => u.Id));
        Assert.Equal(["1"], afterDelete.Select(u => u.Id));
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task Compute_adds_and_sorts(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);

        var sum = await env.Services.Compute.AddAsync(1.5, 2.25);
        var sorted = await env.Services.Compute.SortAsync([5, -1, 3, 3, 0]);

        Assert.Equal(3.75, sum);
        Assert.Equal([-1, 0, 3, 3, 5], sorted);
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task Compute_jobs_run_asynchronously_and_report_their_results(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);
        var compute = env.Services.Compute;

        var addId = await compute.SubmitAddAsync(40, 2);
        var sortId = await compute.SubmitSortAsync([3, 1, 2]);
        var add = await compute.WaitJobAsync(addId, timeoutMs: 10_000);
        var sort = await compute.WaitJobAsync(sortId, timeoutMs: 10_000);
        var polled = await compute.GetJobAsync(addId);

        Assert.NotEqual(addId, sortId);
        Assert.Equal((JobState.Done, "add", 42.0), (add.State, add.Kind, add.Sum));
        Assert.Equal((JobState.Done, "sort"), (sort.State, sort.Kind));
        Assert.Equal([1, 2, 3], Assert.IsType<int[]>(sort.Sorted));
        Assert.Equal(JobState.Done, polled.State);
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task A_delayed_job_is_seen_pending_or_running_then_done(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);
        var compute = env.Services.Compute;

        var id = await compute.SubmitSortAsync([3, 1, 2], delayMs: 1_500);
        var early = await compute.GetJobAsync(id);
        var done = await compute.WaitJobAsync(id, timeoutMs: 10_000);

        Assert.Matches("^[a-z2-7]{26}$", id);
        Assert.Contains(early.State, new[] { JobState.Pending, JobState.Running });
        Assert.Equal((JobState.Done, "sort"), (done.State, done.Kind));
        Assert.Equal([1, 2, 3], Assert.IsType<int[]>(done.Sorted));
    }

    [Theory]
    [MemberData(nameof(ConformanceTransports.All), MemberType = typeof(ConformanceTransports))]
    public async Task Concurrent_calls_on_one_client_each_get_their_own_answer(string transport)
    {
        await using var env = await ConformanceEnvironment.StartAsync(transport);
        var messages = Enumerable.Range(0, 64).Select(i => $"message {i}").ToArray();

        var replies = await Task.WhenAll(messages.Select(m => env.Services.Echo.ReverseAsync(m)));

        Assert.Equal(messages.Select(m => new string(m.Reverse().ToArray())), replies);
    }
}
