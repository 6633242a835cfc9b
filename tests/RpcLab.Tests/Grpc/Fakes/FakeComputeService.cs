using System.Collections.Concurrent;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;

namespace RpcLab.Tests.Grpc.Fakes;

/// <summary>Computes at once; jobs are done as soon as they are submitted. Thread-safe.</summary>
internal sealed class FakeComputeService : IComputeService
{
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private int _nextId;

    public Task<double> AddAsync(double a, double b, CancellationToken cancellationToken = default) => Task.FromResult(a + b);

    public Task<int[]> SortAsync(int[] values, CancellationToken cancellationToken = default) => Task.FromResult(values.Order().ToArray());

    public Task<string> SubmitAddAsync(double a, double b, int delayMs = 0, RequestId? requestId = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Store(id => new Job(id, "add", JobState.Done, a + b, null, null)));

    public Task<string> SubmitSortAsync(int[] values, int delayMs = 0, RequestId? requestId = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Store(id => new Job(id, "sort", JobState.Done, null, values.Order().ToArray(), null)));

    public Task<Job> GetJobAsync(string id, CancellationToken cancellationToken = default) =>
        _jobs.TryGetValue(id, out var job) ? Task.FromResult(job) : throw RpcException.NotFound($"job '{id}' not found");

    public Task<Job> WaitJobAsync(string id, int timeoutMs, CancellationToken cancellationToken = default) => GetJobAsync(id, cancellationToken);

    private string Store(Func<string, Job> create)
    {
        var id = $"job-{Interlocked.Increment(ref _nextId)}";
        _jobs[id] = create(id);
        return id;
    }
}
