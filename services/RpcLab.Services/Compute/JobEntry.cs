using RpcLab.Services.Contracts;

namespace RpcLab.Services.Compute;

/// <summary>
/// The mutable state of one job inside <see cref="ComputeService"/>. The current state is one
/// immutable <see cref="Job"/> swapped atomically, so a reader always sees a consistent snapshot;
/// <see cref="Finished"/> completes when the job reaches Done or Failed.
/// </summary>
internal sealed class JobEntry
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Job _current;

    public JobEntry(string id, string kind, TimeSpan delay, Func<Job, Job> work)
    {
        _current = new Job(id, kind, JobState.Pending, Sum: null, Sorted: null, Error: null);
        Delay = delay;
        Work = work;
    }

    /// <summary>How long the job stays Running before it computes (the submit's delayMs), so it can be watched.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Turns the Running job into its Done form (the result fields set).</summary>
    public Func<Job, Job> Work { get; }

    public Job Current => _current;

    public Task Finished => _finished.Task;

    public void Start() => _current = _current with { State = JobState.Running };

    public void Complete(Job done)
    {
        _current = done;
        _finished.TrySetResult();
    }

    public void Fail(string error)
    {
        _current = _current with { State = JobState.Failed, Error = error };
        _finished.TrySetResult();
    }
}
