using RpcLab.Services.Contracts;
using RpcLab.Tests.Infrastructure;

namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// Wraps an echo service and counts the server streams (<c>RepeatAsync</c>) that have started and not yet
/// ended, however they end (finished, failed, cancelled or disposed early), so a test can see that
/// abandoned streams are cleaned up. Thread-safe.
/// </summary>
public sealed class StreamCountingEcho(IEchoService inner) : DelegatingEchoService(inner)
{
    private int _open;
    private int _started;

    /// <summary>Streams whose enumeration has begun and not yet ended.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Streams whose enumeration has begun, ever.</summary>
    public int Started => Volatile.Read(ref _started);

    public override async IAsyncEnumerable<string> RepeatAsync(string message, int count, int intervalMs = 0, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _started);
        Interlocked.Increment(ref _open);
        try
        {
            await foreach (var item in Inner.RepeatAsync(message, count, intervalMs, cancellationToken).WithCancellation(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }
}
