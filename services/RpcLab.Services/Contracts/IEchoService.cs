namespace RpcLab.Services.Contracts;

/// <summary>
/// Echo: the four call shapes of RPC, plus a slow call for deadlines and cancellation.
/// Implementations are thread-safe.
/// </summary>
public interface IEchoService
{
    /// <summary>Unary: "hello" -> "olleh".</summary>
    [Idempotent]
    Task<string> ReverseAsync(string message, CancellationToken cancellationToken = default);

    /// <summary>Unary and slow: returns <paramref name="message"/> after <paramref name="delayMs"/>; honours cancellation.</summary>
    [Idempotent]
    Task<string> DelayAsync(string message, int delayMs, CancellationToken cancellationToken = default);

    /// <summary>Client streaming: the messages joined with one space, in arrival order.</summary>
    Task<string> CollectAsync(IAsyncEnumerable<string> messages, CancellationToken cancellationToken = default);

    /// <summary>Server streaming: "{message} #1" .. "{message} #{count}", one every <paramref name="intervalMs"/>.</summary>
    IAsyncEnumerable<string> RepeatAsync(string message, int count, int intervalMs = 0, CancellationToken cancellationToken = default);

    /// <summary>Bidirectional: each incoming message is answered, as it arrives, by its reverse.</summary>
    IAsyncEnumerable<string> ChatAsync(IAsyncEnumerable<string> messages, CancellationToken cancellationToken = default);
}
