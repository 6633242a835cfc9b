using System.Runtime.CompilerServices;

namespace Lab2.Server;

/// <summary>
/// Your implementation of the contract, written once: gRPC (GrpcShapes.cs) and JSON-RPC (Program.cs) both call this
/// one object, for every call and every connection, so it must be thread-safe. Each method gets the call's
/// CancellationToken: pass it to everything that waits, so a client that cancels stops your method.
/// </summary>
public sealed class ShapesService : IShapes
{
    private int _holdsStarted;
    private int _holdsCancelled;

    // TODO 1 Upper (unary): the text in capitals (ToUpperInvariant).
    public Task<string> UpperAsync(string text, CancellationToken cancellationToken) =>
        throw new NotImplementedException("TODO 1: Shapes.UpperAsync");

    // TODO 2 Countdown (server streaming): yield return n, n-1, ..., 1. Make it an async iterator:
    //     public async IAsyncEnumerable<int> CountdownAsync(int n, [EnumeratorCancellation] CancellationToken cancellationToken)
    // ([EnumeratorCancellation] hands the token of the consumer's enumeration to your method too.)
    public IAsyncEnumerable<int> CountdownAsync(int n, CancellationToken cancellationToken) =>
        throw new NotImplementedException("TODO 2: Shapes.CountdownAsync");

    // TODO 3 Longest (client streaming): read every word (await foreach (var word in words.WithCancellation(cancellationToken))),
    // then return the first of the longest ("" when there were none).
    public Task<string> LongestAsync(IAsyncEnumerable<string> words, CancellationToken cancellationToken) =>
        throw new NotImplementedException("TODO 3: Shapes.LongestAsync");

    // TODO 4 RunningTotal (bidirectional): for each number read, yield return the sum so far before reading the next.
    //     public async IAsyncEnumerable<long> RunningTotalAsync(IAsyncEnumerable<long> numbers, [EnumeratorCancellation] CancellationToken cancellationToken)
    public IAsyncEnumerable<long> RunningTotalAsync(IAsyncEnumerable<long> numbers, CancellationToken cancellationToken) =>
        throw new NotImplementedException("TODO 4: Shapes.RunningTotalAsync");

    // TODO 5 Hold: wait ms milliseconds, and stop at once when the call is cancelled. The counting is written for you:
    // keep it, the checker reads it through Holds to see whether your server noticed the cancellation.
    public async Task HoldAsync(int ms, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _holdsStarted);
        try
        {
            await Task.Yield();
            throw new NotImplementedException("TODO 5: Shapes.HoldAsync: wait ms milliseconds");
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _holdsCancelled);
            throw;
        }
    }

    public Task<HoldCount> HoldsAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new HoldCount(Volatile.Read(ref _holdsStarted), Volatile.Read(ref _holdsCancelled)));
}
