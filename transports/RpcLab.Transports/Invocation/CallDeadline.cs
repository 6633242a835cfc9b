using RpcLab.Services.Errors;

namespace RpcLab.Transports.Invocation;

/// <summary>
/// One call's cancellation: the caller's token linked with the deadline. <see cref="Token"/> fires for
/// either; <see cref="Translate"/> tells them apart so the caller sees DeadlineExceeded or Cancelled.
/// Used by clients (and by servers that receive a deadline on the wire). Dispose when the call ends.
/// </summary>
public sealed class CallDeadline : IDisposable
{
    private readonly CancellationTokenSource _source;

    public CallDeadline(TimeSpan? timeout, CancellationToken callerToken)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        if (timeout is { } t)
        {
            _source.CancelAfter(t < TimeSpan.Zero ? TimeSpan.Zero : t);
        }

        CallerToken = callerToken;
        Timeout = timeout;
    }

    public CancellationToken Token => _source.Token;

    public CancellationToken CallerToken { get; }

    public TimeSpan? Timeout { get; }

    /// <summary>True when the deadline, not the caller, cancelled the call.</summary>
    public bool Expired => _source.IsCancellationRequested && !CallerToken.IsCancellationRequested;

    /// <summary>The exception the caller should see for <paramref name="exception"/>.</summary>
    public RpcException Translate(Exception exception) => RpcErrors.ToRpcException(exception, Expired);

    public void Dispose() => _source.Dispose();
}
