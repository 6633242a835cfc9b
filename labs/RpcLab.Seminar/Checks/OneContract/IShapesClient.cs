namespace RpcLab.Seminar.Checks.OneContract;

/// <summary>
/// The checker's side of Lab 2's contract, one implementation per transport, so the checks are written once as the
/// student's server is: each method is the call of the same name on the student's server. A stream argument is
/// consumed by the transport as the server asks for it, so a check can hold an item back until a reply came. Errors
/// are the transport's own exceptions; <see cref="Explain"/> puts one into the words of its wire. One per check; not
/// thread-safe beyond one call of each kind at a time.
/// </summary>
public interface IShapesClient : IAsyncDisposable
{
    /// <summary>What an unknown method must answer on this wire: <c>Unimplemented</c> or <c>-32601 (Method not found)</c>.</summary>
    string UnknownMethodAnswer { get; }

    Task<string> UpperAsync(string text, CancellationToken cancellationToken);

    IAsyncEnumerable<int> CountdownAsync(int n, CancellationToken cancellationToken);

    Task<string> LongestAsync(IAsyncEnumerable<string> words, CancellationToken cancellationToken);

    IAsyncEnumerable<long> RunningTotalAsync(IAsyncEnumerable<long> numbers, CancellationToken cancellationToken);

    Task HoldAsync(int ms, CancellationToken cancellationToken);

    Task<(int Started, int Cancelled)> HoldsAsync(CancellationToken cancellationToken);

    /// <summary>Calls a method the contract does not have; returns what came back, in the wire's words, and whether that is <see cref="UnknownMethodAnswer"/>.</summary>
    Task<(bool Right, string Answer)> CallUnknownMethodAsync(string name, CancellationToken cancellationToken);

    /// <summary>A transport error in the wire's words (<c>Unknown (Exception was thrown by handler.)</c>, <c>error -32000: ...</c>), or null when <paramref name="error"/> is not one.</summary>
    string? Explain(Exception error);
}
