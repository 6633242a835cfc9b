using Polly;
using Polly.Retry;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Invocation;

/// <summary>
/// The one Polly.Core retry strategy of the clients that retry by themselves (every transport but gRPC, whose channel
/// retries from its service config): built once per client from <see cref="RetryOptions"/>. Which statuses an attempt may
/// be retried on depends on its method (<see cref="RetryOptions.RetryableFor"/> its <see cref="RpcMethod.IsIdempotent"/>)
/// and travels in the <see cref="ResilienceContext"/>, so one pipeline serves every method. The backoff is
/// <see cref="RetryOptions.Backoff"/>, jittered between 0 and it (as gRPC's), because Polly's own exponential backoff
/// only doubles. Thread-safe.
/// </summary>
public sealed class RetryPipeline
{
    private static readonly ResiliencePropertyKey<IReadOnlySet<RpcStatusCode>> Retryable = new("rpclab.retryable");

    private readonly RetryOptions _retry;
    private readonly ResiliencePipeline _pipeline;

    /// <param name="retry">What to retry and how long to wait.</param>
    /// <param name="statusOf">The status an attempt's exception stands for, or null when it is none of ours (never retried).</param>
    public RetryPipeline(RetryOptions retry, Func<Exception, RpcStatusCode?> statusOf)
    {
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(statusOf);
        _retry = retry;
        _pipeline = retry.MaxAttempts <= 1
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = retry.MaxAttempts - 1,
                    ShouldHandle = args => ValueTask.FromResult(
                        args.Outcome.Exception is { } failure
                        && statusOf(failure) is { } status
                        && args.Context.Properties.TryGetValue(Retryable, out var statuses)
                        && statuses.Contains(status)),
                    DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Delay(args.AttemptNumber + 1)),
                })
                .Build();
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> until it succeeds, fails with a status not retried for <paramref name="method"/>, or
    /// has run <see cref="RetryOptions.MaxAttempts"/> times; the last failure is rethrown as it was.
    /// <paramref name="cancellationToken"/> (the call's deadline and its caller) also ends a backoff, with
    /// OperationCanceledException.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(RpcMethod method, Func<Task<T>> attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(attempt);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Retryable, _retry.RetryableFor(method.IsIdempotent));
        try
        {
            return await _pipeline.ExecuteAsync(static (_, run) => new ValueTask<T>(run()), context, attempt).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private TimeSpan Delay(int retry)
    {
        var backoff = _retry.Backoff(retry);
        return _retry.Jitter ? backoff * Random.Shared.NextDouble() : backoff;
    }
}
