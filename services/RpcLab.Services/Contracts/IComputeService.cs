namespace RpcLab.Services.Contracts;

/// <summary>
/// Compute: add and sort, directly or as asynchronous jobs. Submitting returns a job id at once;
/// the client polls with <see cref="GetJobAsync"/> or waits with <see cref="WaitJobAsync"/>.
/// The job queue is bounded: a submit while it is full is ResourceExhausted. Unknown id: NotFound.
/// Implementations are thread-safe.
/// </summary>
public interface IComputeService
{
    [Idempotent]
    Task<double> AddAsync(double a, double b, CancellationToken cancellationToken = default);

    /// <summary>The values in ascending numeric order.</summary>
    [Idempotent]
    Task<int[]> SortAsync(int[] values, CancellationToken cancellationToken = default);

    /// <summary>Not idempotent: each run queues another job, hence the optional <see cref="RequestId"/>.</summary>
    Task<string> SubmitAddAsync(double a, double b, RequestId? requestId = null, CancellationToken cancellationToken = default);

    /// <summary>Not idempotent: each run queues another job, hence the optional <see cref="RequestId"/>.</summary>
    Task<string> SubmitSortAsync(int[] values, RequestId? requestId = null, CancellationToken cancellationToken = default);

    [Idempotent]
    Task<Job> GetJobAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until the job is done or failed, or until <paramref name="timeoutMs"/> has passed,
    /// and returns its state then (still Pending or Running when the time ran out).
    /// </summary>
    [Idempotent]
    Task<Job> WaitJobAsync(string id, int timeoutMs, CancellationToken cancellationToken = default);
}

public enum JobState
{
    Pending,
    Running,
    Done,
    Failed,
}

/// <summary>A job: "add" sets <see cref="Sum"/>, "sort" sets <see cref="Sorted"/>; a failed job sets <see cref="Error"/>.</summary>
public sealed record Job(string Id, string Kind, JobState State, double? Sum, int[]? Sorted, string? Error);
