using System.Diagnostics;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Invocation;

/// <summary>
/// Retries for every message-based transport, in one place: an <see cref="IRpcInvoker"/> around the transport's own that
/// runs each unary call through the client's <see cref="RetryPipeline"/> (Polly.Core). A non-idempotent call gets its
/// <see cref="Services.Contracts.RequestId"/> before the first attempt (<see cref="RequestIds"/>), and every attempt sends
/// the same one. The deadline covers every attempt: each is given what is left of it. Streaming calls pass through
/// unretried: a request stream cannot be sent twice, and a result stream half read cannot be taken back. Thread-safe.
/// </summary>
public sealed class RetryingInvoker : IRpcInvoker
{
    private readonly IRpcInvoker _inner;
    private readonly RequestIds? _ids;
    private readonly RetryPipeline _retries;

    private RetryingInvoker(IRpcInvoker inner, RetryOptions retry, RequestIds? ids)
    {
        _inner = inner;
        _ids = ids;
        _retries = new RetryPipeline(retry, static e => (e as RpcException)?.Status);
    }

    /// <summary><paramref name="inner"/> with the retries of <paramref name="options"/>; <paramref name="inner"/> itself when it has none.</summary>
    public static IRpcInvoker Wrap(IRpcInvoker inner, ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        return options.Retry is { } retry ? new RetryingInvoker(inner, retry, RequestIds.For(options)) : inner;
    }

    public async Task<object?> InvokeAsync(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream, CallOptions options, CancellationToken cancellationToken)
    {
        if (requestStream is not null)
        {
            return await _inner.InvokeAsync(method, args, requestStream, options, cancellationToken).ConfigureAwait(false);
        }

        args = _ids?.Stamp(method, args) ?? args;
        var started = Stopwatch.GetTimestamp();

        // The backoffs wait on the deadline too; the attempts enforce it themselves, each given what is left of it.
        using var deadline = new CallDeadline(options.Timeout, cancellationToken);
        try
        {
            return await _retries.ExecuteAsync(
                method,
                () => _inner.InvokeAsync(method, args, requestStream: null, Remaining(options, started), cancellationToken),
                deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e)
        {
            throw deadline.Translate(e);
        }
    }

    public IAsyncEnumerable<object?> InvokeStreaming(RpcMethod method, object?[] args, IAsyncEnumerable<object?>? requestStream, CallOptions options, CancellationToken cancellationToken) =>
        _inner.InvokeStreaming(method, args, requestStream, options, cancellationToken);

    private static CallOptions Remaining(CallOptions options, long started) =>
        options.Timeout is { } timeout ? options with { Timeout = timeout - Stopwatch.GetElapsedTime(started) } : options;
}
