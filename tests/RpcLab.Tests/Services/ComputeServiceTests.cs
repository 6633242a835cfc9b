using RpcLab.Services;
using RpcLab.Services.Compute;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;

namespace RpcLab.Tests.Services;

public sealed class ComputeServiceTests
{
    // Generous: it bounds a broken test, it never paces a passing one.
    private const int LongWaitMs = 30_000;

    private static ServiceOptions Options(int workers = 2, int queue = 64) => new() { JobWorkers = workers, MaxQueuedJobs = queue };

    [Fact]
    public async Task Add_AddsDoubles()
    {
        // Arrange
        await using var compute = new ComputeService(Options());

        // Act
        var sum = await compute.AddAsync(1.5, -4.25);

        // Assert
        Assert.Equal(-2.75, sum);
    }

    [Fact]
    public async Task Sort_SortsNumericallyWithoutTouchingTheInput()
    {
        // Arrange
        await using var compute = new ComputeService(Options());
        int[] values = [10, -3, 2, 100, 2, int.MinValue];

        // Act
        var sorted = await compute.SortAsync(values);

        // Assert
        Assert.Equal([int.MinValue, -3, 2, 2, 10, 100], sorted);
        Assert.Equal([10, -3, 2, 100, 2, int.MinValue], values);
    }

    [Fact]
    public async Task SortAndSubmitSort_NullValues_AreInvalidArgument()
    {
        // Arrange
        await using var compute = new ComputeService(Options());

        // Act
        var direct = await Assert.ThrowsAsync<RpcException>(() => compute.SortAsync(null!));
        var job = await Assert.ThrowsAsync<RpcException>(() => compute.SubmitSortAsync(null!));

        // Assert
        Assert.Equal(RpcStatusCode.InvalidArgument, direct.Status);
        Assert.Equal(RpcStatusCode.InvalidArgument, job.Status);
    }

    [Fact]
    public async Task Jobs_RunToDoneWithTheirResults()
    {
        // Arrange
        await using var compute = new ComputeService(Options());
        int[] values = [3, 1, 2];

        // Act
        var addId = await compute.SubmitAddAsync(2, 3);
        var sortId = await compute.SubmitSortAsync(values);
        values[0] = 99; // the job sorts what was submitted, not what the array holds later
        var add = await compute.WaitJobAsync(addId, LongWaitMs);
        var sort = await compute.WaitJobAsync(sortId, LongWaitMs);

        // Assert
        Assert.Equal(new Job(addId, "add", JobState.Done, 5, null, null), add);
        Assert.Equal((sortId, "sort", JobState.Done), (sort.Id, sort.Kind, sort.State));
        Assert.Equal([1, 2, 3], sort.Sorted!);
        Assert.Equal(add, await compute.GetJobAsync(addId));
    }

    [Fact]
    public async Task JobIds_AreUniqueAndUnguessable_Over10kSubmits()
    {
        // Arrange: a gate keeps the jobs queued, so the queue (not the workers) is what is measured.
        var gate = new TaskCompletionSource();
        await using var compute = new ComputeService(Options(queue: 10_000), _ => gate.Task, whileRunning: null);

        // Act
        var ids = new List<string>(10_000);
        for (var i = 0; i < 10_000; i++)
        {
            ids.Add(i % 2 == 0 ? await compute.SubmitAddAsync(i, 1) : await compute.SubmitSortAsync([i]));
        }

        gate.SetResult();

        // Assert: all distinct, 26 base32 characters (128 bits), no shared prefix or order to guess from.
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches("^[a-z2-7]{26}$", id));
        Assert.True(ids.Select(id => id[..4]).Distinct(StringComparer.Ordinal).Count() > 9_000, "the first 20 bits should be spread out");
        Assert.NotEqual(ids.Order(StringComparer.Ordinal), ids);
        var perPosition = Enumerable.Range(0, 25).Select(i => ids.Select(id => id[i]).Distinct().Count());
        Assert.All(perPosition, count => Assert.Equal(32, count));
    }

    [Fact]
    public async Task DelayedJob_IsRunningForTheDelay_ThenDone()
    {
        // Arrange
        await using var compute = new ComputeService(Options(workers: 1));

        // Act
        var id = await compute.SubmitAddAsync(1, 2, delayMs: 1_000);
        var early = await compute.WaitJobAsync(id, timeoutMs: 200);
        var done = await compute.WaitJobAsync(id, LongWaitMs);

        // Assert
        Assert.Contains(early.State, new[] { JobState.Pending, JobState.Running });
        Assert.Equal((JobState.Done, 3.0), (done.State, done.Sum));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(IComputeService.MaxJobDelayMs + 1)]
    public async Task Delay_OutOfRange_IsInvalidArgument(int delayMs)
    {
        // Arrange
        await using var compute = new ComputeService(Options());

        // Act
        var add = await Assert.ThrowsAsync<RpcException>(() => compute.SubmitAddAsync(1, 2, delayMs));
        var sort = await Assert.ThrowsAsync<RpcException>(() => compute.SubmitSortAsync([1], delayMs));

        // Assert
        Assert.Equal((RpcStatusCode.InvalidArgument, RpcStatusCode.InvalidArgument), (add.Status, sort.Status));
        Assert.Contains("delayMs", add.Detail);
    }

    [Fact]
    public async Task Job_HeldBeforeAWorkerTakesIt_IsPending_AndWaitReturnsPendingWhenTimeRunsOut()
    {
        // Arrange: the gate keeps every worker from taking jobs off the queue.
        var gate = new TaskCompletionSource();
        await using var compute = new ComputeService(Options(workers: 1), _ => gate.Task, whileRunning: null);
        var id = await compute.SubmitAddAsync(1, 2);

        // Act
        var polled = await compute.GetJobAsync(id);
        var waited = await compute.WaitJobAsync(id, timeoutMs: 20);
        gate.SetResult();
        var finished = await compute.WaitJobAsync(id, LongWaitMs);

        // Assert
        Assert.Equal(JobState.Pending, polled.State);
        Assert.Equal(JobState.Pending, waited.State);
        Assert.Null(waited.Sum);
        Assert.Equal((JobState.Done, 3.0), (finished.State, finished.Sum));
    }

    [Fact]
    public async Task Job_HeldWhileRunning_IsRunning_AndWaitReturnsRunningWhenTimeRunsOut()
    {
        // Arrange
        var started = new TaskCompletionSource<string>();
        var release = new TaskCompletionSource();
        await using var compute = new ComputeService(Options(workers: 1), beforeTake: null, whileRunning: async (job, _) =>
        {
            started.TrySetResult(job.Id);
            await release.Task;
        });
        var id = await compute.SubmitSortAsync([2, 1]);
        Assert.Equal(id, await started.Task.WaitAsync(TimeSpan.FromMilliseconds(LongWaitMs)));

        // Act
        var waited = await compute.WaitJobAsync(id, timeoutMs: 20);
        var immediate = await compute.WaitJobAsync(id, timeoutMs: 0);
        release.SetResult();
        var finished = await compute.WaitJobAsync(id, LongWaitMs);

        // Assert
        Assert.Equal(JobState.Running, waited.State);
        Assert.Equal(JobState.Running, immediate.State);
        Assert.Equal(JobState.Done, finished.State);
        Assert.Equal([1, 2], finished.Sorted!);
    }

    [Fact]
    public async Task Job_ThatThrows_IsFailedWithTheReason_AndTheWorkerCarriesOn()
    {
        // Arrange
        await using var compute = new ComputeService(Options(workers: 1), beforeTake: null, whileRunning: (job, _) =>
            job.Kind == "sort" ? throw new InvalidOperationException("sorting exploded") : Task.CompletedTask);

        // Act
        var failed = await compute.WaitJobAsync(await compute.SubmitSortAsync([1]), LongWaitMs);
        var next = await compute.WaitJobAsync(await compute.SubmitAddAsync(1, 1), LongWaitMs);

        // Assert
        Assert.Equal((JobState.Failed, "sorting exploded"), (failed.State, failed.Error));
        Assert.Null(failed.Sorted);
        Assert.Equal(JobState.Done, next.State);
    }

    [Fact]
    public async Task Submit_WhenTheQueueIsFull_IsResourceExhausted_AndRecoversOnceDrained()
    {
        // Arrange: workers held at the gate, so exactly MaxQueuedJobs submissions fit.
        var gate = new TaskCompletionSource();
        await using var compute = new ComputeService(Options(workers: 2, queue: 3), _ => gate.Task, whileRunning: null);
        var queued = new[] { await compute.SubmitAddAsync(1, 0), await compute.SubmitAddAsync(2, 0), await compute.SubmitSortAsync([1]) };

        // Act
        var full = await Assert.ThrowsAsync<RpcException>(() => compute.SubmitAddAsync(4, 0));
        gate.SetResult();
        var states = new List<JobState>();
        foreach (var id in queued)
        {
            states.Add((await compute.WaitJobAsync(id, LongWaitMs)).State);
        }

        var later = await compute.SubmitAddAsync(5, 0);

        // Assert
        Assert.Equal(RpcStatusCode.ResourceExhausted, full.Status);
        Assert.Equal("job queue is full (3 jobs)", full.Detail);
        Assert.All(states, s => Assert.Equal(JobState.Done, s));
        Assert.Equal(JobState.Done, (await compute.WaitJobAsync(later, LongWaitMs)).State);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("")]
    [InlineData("not-a-job")]
    [InlineData(null)]
    public async Task UnknownJob_IsNotFound(string? id)
    {
        // Arrange
        await using var compute = new ComputeService(Options());

        // Act
        var onGet = await Assert.ThrowsAsync<RpcException>(() => compute.GetJobAsync(id!));
        var onWait = await Assert.ThrowsAsync<RpcException>(() => compute.WaitJobAsync(id!, 0));

        // Assert
        Assert.Equal(RpcStatusCode.NotFound, onGet.Status);
        Assert.Equal(RpcStatusCode.NotFound, onWait.Status);
    }

    [Fact]
    public async Task WaitJob_NegativeTimeout_IsInvalidArgument()
    {
        // Arrange
        await using var compute = new ComputeService(Options());
        var id = await compute.SubmitAddAsync(1, 1);

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => compute.WaitJobAsync(id, -1));

        // Assert
        Assert.Equal(RpcStatusCode.InvalidArgument, error.Status);
    }

    [Fact]
    public async Task WaitJob_HonoursCancellation()
    {
        // Arrange
        var gate = new TaskCompletionSource();
        await using var compute = new ComputeService(Options(workers: 1), _ => gate.Task, whileRunning: null);
        var id = await compute.SubmitAddAsync(1, 1);
        using var cancellation = new CancellationTokenSource();
        var wait = compute.WaitJobAsync(id, LongWaitMs, cancellation.Token);

        // Act
        await cancellation.CancelAsync();

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    [Fact]
    public async Task Dispose_FailsJobsThatNeverRan_AndWakesTheirWaiters()
    {
        // Arrange
        var compute = new ComputeService(Options(workers: 1), stopping => Task.Delay(Timeout.Infinite, stopping), whileRunning: null);
        var id = await compute.SubmitAddAsync(1, 1);
        var wait = compute.WaitJobAsync(id, LongWaitMs);

        // Act
        await compute.DisposeAsync();
        var job = await wait;

        // Assert
        Assert.Equal(JobState.Failed, job.State);
        Assert.Contains("stopped", job.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FinishedJobs_BeyondTheRetainedNumber_AreForgottenOldestFirst()
    {
        // Arrange: one worker, so jobs finish in submission order.
        var total = ComputeService.RetainedFinishedJobs + 5;
        await using var compute = new ComputeService(Options(workers: 1, queue: total));
        var ids = new List<string>();
        for (var i = 0; i < total; i++)
        {
            ids.Add(await compute.SubmitAddAsync(i, 0));
        }

        // Act
        var last = await compute.WaitJobAsync(ids[^1], LongWaitMs);
        var oldest = await Assert.ThrowsAsync<RpcException>(() => compute.GetJobAsync(ids[0]));
        var oldestKept = await compute.GetJobAsync(ids[5]);

        // Assert
        Assert.Equal(JobState.Done, last.State);
        Assert.Equal(RpcStatusCode.NotFound, oldest.Status);
        Assert.Equal((JobState.Done, 5.0), (oldestKept.State, oldestKept.Sum));
    }
}
