namespace RpcLab.Services.Contracts;

/// <summary>
/// Compute: add and sort, directly or as asynchronous jobs. Submitting returns a job id at once;
/// the client polls with <see cref="GetJobAsync"/> or waits with <see cref="WaitJobAsync"/>.
/// Job ids are opaque and unguessable (128 random bits), so one client cannot read another's
/// results by counting. The job queue is bounded: a submit while it is full is ResourceExhausted.
/// Unknown id: NotFound. Implementations are thread-safe.
/// </summary>
public interface IComputeService
{
    [Idempotent]
    Task<double> AddAsync(double a, double b, CancellationToken cancellationToken = default);

    /// <summary>The values in ascending numeric order.</summary>
    [Idempotent]
    Task<int[]> SortAsync(int[] values, CancellationToken cancellationToken = default);

    /// <summary>
    /// Queues a + b as a job. <paramref name="delayMs"/> keeps the job Running that long before it computes
    /// (0 to <see cref="MaxJobDelayMs"/>, else InvalidArgument), so a lab can watch a job go Pending, Running, Done.
    /// Not idempotent: each run queues another job, hence the optional <see cref="RequestId"/>.
    /// </summary>
    Task<string> SubmitAddAsync(double a, double b, int delayMs = 0, RequestId? requestId = null, CancellationToken cancellationToken = default);

    /// <summary>Queues a sort as a job; <paramref name="delayMs"/> and <paramref name="requestId"/> as for <see cref="SubmitAddAsync"/>.</summary>
    Task<string> SubmitSortAsync(int[] values, int delayMs = 0, RequestId? requestId = null, CancellationToken cancellationToken = default);

    [Idempotent]
    Task<Job> GetJobAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until the job is done or failed, or until <paramref name="timeoutMs"/> has passed,
    /// and returns its state then (still Pending or Running when the time ran out).
    /// </summary>
    [Idempotent]
    Task<Job> WaitJobAsync(string id, int timeoutMs, CancellationToken cancellationToken = default);

    /// <summary>The longest delay a submit may ask for: long enough to watch, short enough not to hold a worker for good.</summary>
    public const int MaxJobDelayMs = 60_000;
}

/// <summary>
/// A job's state. These four names (Pending, Running, Done, Failed) are the one user-facing spelling: the CLI prints
/// them on every transport. REST's JSON carries the .proto's enum names (PENDING, RUNNING, DONE, FAILED), the same
/// words in capitals, as the proto3 JSON mapping requires.
/// </summary>
public enum JobState
{
    Pending,
    Running,
    Done,
    Failed,
}

/// <summary>A job: "add" sets <see cref="Sum"/>, "sort" sets <see cref="Sorted"/>; a failed job sets <see cref="Error"/>.</summary>
public sealed record Job(string Id, string Kind, JobState State, double? Sum, int[]? Sorted, string? Error);
