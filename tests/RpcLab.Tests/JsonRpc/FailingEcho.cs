using RpcLab.Services.Contracts;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// An echo service whose <c>ReverseAsync</c> fails the way a bug does (an exception the service never meant for
/// its caller); everything else is the inner service's. Thread-safe.
/// </summary>
public sealed class FailingEcho(IEchoService inner) : IEchoService
{
    public const string Failure = "the reverser broke";

    public Task<string> ReverseAsync(string message, CancellationToken cancellationToken = default) => throw new InvalidOperationException(Failure);

    public Task<string> DelayAsync(string message, int delayMs, CancellationToken cancellationToken = default) => inner.DelayAsync(message, delayMs, cancellationToken);

    public Task<string> CollectAsync(IAsyncEnumerable<string> messages, CancellationToken cancellationToken = default) => inner.CollectAsync(messages, cancellationToken);

    public IAsyncEnumerable<string> RepeatAsync(string message, int count, int intervalMs = 0, CancellationToken cancellationToken = default) => inner.RepeatAsync(message, count, intervalMs, cancellationToken);

    public IAsyncEnumerable<string> ChatAsync(IAsyncEnumerable<string> messages, CancellationToken cancellationToken = default) => inner.ChatAsync(messages, cancellationToken);
}
