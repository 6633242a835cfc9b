using System.Runtime.CompilerServices;

namespace Lab2.Server;

/// <summary>The correct implementation of the contract, written once.</summary>
public sealed partial class ShapesService : IShapes
{
    private int _holdsStarted;
    private int _holdsCancelled;

    public Task<string> UpperAsync(string text, CancellationToken cancellationToken) => Task.FromResult(text.ToUpperInvariant());

    public async IAsyncEnumerable<int> CountdownAsync(int n, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var value = n; value >= 1; value--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return value;
        }
    }

    public async Task HoldAsync(int ms, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _holdsStarted);
        try
        {
            await WaitAsync(ms, cancellationToken);
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
