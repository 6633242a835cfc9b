using System.Collections.Concurrent;
using System.Threading.Channels;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;

namespace RpcLab.Services.Compute;

/// <summary>
/// Add and sort, directly or as jobs. Submitted jobs wait in a bounded channel
/// (<see cref="ServiceOptions.MaxQueuedJobs"/>); a submit while it is full is ResourceExhausted
/// rather than an unbounded backlog. <see cref="ServiceOptions.JobWorkers"/> background tasks run
/// them. Job ids are 128 random bits as 26 lowercase base32 characters: a counter ("1", "2", ...)
/// let any client read the jobs of others by guessing, and collided across restarts. The last <see cref="RetainedFinishedJobs"/> finished jobs stay queryable; older ones
/// become NotFound. Thread-safe. Dispose stops the workers and fails the jobs still queued.
/// </summary>
public sealed class ComputeService : IComputeService, IAsyncDisposable
{
    /// <summary>How many finished (Done or Failed) jobs are kept for GetJob/WaitJob.</summary>
    public const int RetainedFinishedJobs = 1000;

    private readonly Channel<JobEntry> _queue;
    private readonly int _capacity;
    private readonly ConcurrentDictionary<string, JobEntry> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _finished = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _workers;
    private readonly Func<CancellationToken, Task>? _beforeTake;
    private readonly Func<Job, CancellationToken, Task>? _whileRunning;
    private int _disposed;

    public ComputeService(ServiceOptions options)
        : this(options, beforeTake: null, whileRunning: null)
    {
    }

    /// <summary>
    /// For tests that must hold the workers at a known point instead of racing them:
    /// <paramref name="beforeTake"/> is awaited by a worker before it takes the next job off the
    /// queue (so a closed gate keeps every submitted job queued), and <paramref name="whileRunning"/>
    /// is awaited after a job turned Running and before its result is computed (an exception from it
    /// fails the job).
    /// </summary>
    internal ComputeService(ServiceOptions options, Func<CancellationToken, Task>? beforeTake, Func<Job, CancellationToken, Task>? whileRunning)
    {
        ArgumentNullException.ThrowIfNull(options);
        _capacity = Math.Max(1, options.MaxQueuedJobs);
        _beforeTake = beforeTake;
        _whileRunning = whileRunning;
        _queue = Channel.CreateBounded<JobEntry>(new BoundedChannelOptions(_capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails when full instead of dropping a job
            SingleReader = options.JobWorkers <= 1,
        });
        _workers = new Task[Math.Max(1, options.JobWorkers)];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = Task.Run(RunWorkerAsync);
        }
    }

    public Task<double> AddAsync(double a, double b, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(a + b);
    }

    public Task<int[]> SortAsync(int[] values, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Sorted(values));
    }

    public Task<string> SubmitAddAsync(double a, double b, int delayMs = 0, RequestId? requestId = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        CheckDelay(delayMs);
        return Task.FromResult(Submit("add", delayMs, job => job with { State = JobState.Done, Sum = a + b }));
    }

    public Task<string> SubmitSortAsync(int[] values, int delayMs = 0, RequestId? requestId = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        CheckDelay(delayMs);
        if (values is null)
        {
            throw RpcException.InvalidArgument("values must not be null");
        }

        // Copied now: the caller may reuse its array before the job runs.
        var copy = (int[])values.Clone();
        return Task.FromResult(Submit("sort", delayMs, job =>
        {
            Array.Sort(copy);
            return job with { State = JobState.Done, Sorted = copy };
        }));
    }

    public Task<Job> GetJobAsync(string id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Find(id).Current);
    }

    public async Task<Job> WaitJobAsync(string id, int timeoutMs, CancellationToken cancellationToken = default)
    {
        if (timeoutMs < 0)
        {
            throw RpcException.InvalidArgument($"timeoutMs must be 0 or more, not {timeoutMs}");
        }

        var entry = Find(id);
        try
        {
            await entry.Finished.WaitAsync(TimeSpan.FromMilliseconds(timeoutMs), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Not an error: the caller asked for the job's state after at most timeoutMs.
        }

        return entry.Current;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_workers).ConfigureAwait(false);
        while (_queue.Reader.TryRead(out var abandoned))
        {
            abandoned.Fail("the compute service stopped before the job ran");
        }

        _stopping.Dispose();
    }

    private static void CheckDelay(int delayMs)
    {
        if (delayMs is < 0 or > IComputeService.MaxJobDelayMs)
        {
            throw RpcException.InvalidArgument($"delayMs must be between 0 and {IComputeService.MaxJobDelayMs}, not {delayMs}");
        }
    }

    private string Submit(string kind, int delayMs, Func<Job, Job> work)
    {
        if (_disposed != 0)
        {
            throw new RpcException(RpcStatusCode.Unavailable, "the compute service is stopping");
        }

        JobEntry entry;
        do
        {
            // 128 random bits do not collide in practice; TryAdd makes "in practice" "never".
            entry = new JobEntry(JobIds.New(), kind, TimeSpan.FromMilliseconds(delayMs), work);
        }
        while (!_jobs.TryAdd(entry.Current.Id, entry));

        var id = entry.Current.Id;
        if (!_queue.Writer.TryWrite(entry))
        {
            _jobs.TryRemove(id, out _);
            throw RpcException.ResourceExhausted($"job queue is full ({_capacity} jobs)");
        }

        return id;
    }

    private JobEntry Find(string? id) =>
        id is not null && _jobs.TryGetValue(id, out var entry) ? entry : throw RpcException.NotFound($"no job with id \"{id}\"");

    private async Task RunWorkerAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            while (true)
            {
                if (_beforeTake is not null)
                {
                    // WaitAsync: a test's gate that ignores the token must not keep Dispose waiting.
                    await _beforeTake(stopping).WaitAsync(stopping).ConfigureAwait(false);
                }

                if (!await _queue.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
                {
                    return;
                }

                if (_queue.Reader.TryRead(out var entry))
                {
                    await RunAsync(entry, stopping).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposal: the remaining queued jobs are failed by DisposeAsync.
        }
    }

    private async Task RunAsync(JobEntry entry, CancellationToken stopping)
    {
        try
        {
            entry.Start();
            if (entry.Delay > TimeSpan.Zero)
            {
                await Task.Delay(entry.Delay, stopping).ConfigureAwait(false);
            }

            if (_whileRunning is not null)
            {
                await _whileRunning(entry.Current, stopping).WaitAsync(stopping).ConfigureAwait(false);
            }

            entry.Complete(entry.Work(entry.Current));
        }
        catch (Exception e)
        {
            // A job's failure belongs to the job, not to the worker: record it and keep serving.
            entry.Fail(e is OperationCanceledException && stopping.IsCancellationRequested
                ? "the compute service stopped while the job ran"
                : e.Message);
        }

        _finished.Enqueue(entry.Current.Id);
        while (_finished.Count > RetainedFinishedJobs && _finished.TryDequeue(out var old))
        {
            _jobs.TryRemove(old, out _);
        }
    }

    private static int[] Sorted(int[]? values)
    {
        if (values is null)
        {
            throw RpcException.InvalidArgument("values must not be null");
        }

        var copy = (int[])values.Clone();
        Array.Sort(copy);
        return copy;
    }
}
