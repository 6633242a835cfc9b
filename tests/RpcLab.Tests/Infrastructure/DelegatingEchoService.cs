using RpcLab.Services.Contracts;

namespace RpcLab.Tests.Infrastructure;

/// <summary>
/// An echo service that forwards every call to <see cref="Inner"/>: the base of the echo test doubles, so a double
/// overrides only the calls it watches or changes, and a method added to <see cref="IEchoService"/> is one forwarding
/// member here instead of one in every double. Thread-safe when the inner service is.
/// </summary>
public abstract class DelegatingEchoService(IEchoService inner) : IEchoService
{
    /// <summary>The service the calls a double does not override go to.</summary>
    protected IEchoService Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public virtual Task<string> ReverseAsync(string message, CancellationToken cancellationToken = default) =>
        Inner.ReverseAsync(message, cancellationToken);

    public virtual Task<string> DelayAsync(string message, int delayMs, CancellationToken cancellationToken = default) =>
        Inner.DelayAsync(message, delayMs, cancellationToken);

    public virtual Task<string> CollectAsync(IAsyncEnumerable<string> messages, CancellationToken cancellationToken = default) =>
        Inner.CollectAsync(messages, cancellationToken);

    public virtual IAsyncEnumerable<string> RepeatAsync(string message, int count, int intervalMs = 0, CancellationToken cancellationToken = default) =>
        Inner.RepeatAsync(message, count, intervalMs, cancellationToken);

    public virtual IAsyncEnumerable<string> ChatAsync(IAsyncEnumerable<string> messages, CancellationToken cancellationToken = default) =>
        Inner.ChatAsync(messages, cancellationToken);
}
