namespace Lab2.Server;

/// <summary>
/// The contract, in C#: the four call shapes of Lab 1 and a pair of methods that make a cancellation visible from
/// outside. Written once (ShapesService.cs) and served over two transports: gRPC through GrpcShapes.cs, which maps the
/// messages of protos/lab2.proto onto these methods, and JSON-RPC, where StreamJsonRpc calls these methods itself
/// (Program.cs). Nothing here knows either transport. Every method takes the call's CancellationToken: pass it to
/// everything that waits.
/// </summary>
public interface IShapes
{
    /// <summary>Unary: the text in capitals ("hello" -> "HELLO"; "" -> "").</summary>
    Task<string> UpperAsync(string text, CancellationToken cancellationToken);

    /// <summary>Server streaming: n, n-1, ..., 1; exactly n items, none for n &lt;= 0.</summary>
    IAsyncEnumerable<int> CountdownAsync(int n, CancellationToken cancellationToken);

    /// <summary>Client streaming: the longest word, the first of the longest on a tie; "" for no words.</summary>
    Task<string> LongestAsync(IAsyncEnumerable<string> words, CancellationToken cancellationToken);

    /// <summary>Bidirectional: after each number, the sum so far, yielded before the next number is read.</summary>
    IAsyncEnumerable<long> RunningTotalAsync(IAsyncEnumerable<long> numbers, CancellationToken cancellationToken);

    /// <summary>Unary: waits <paramref name="ms"/> milliseconds, and stops at once when the call is cancelled.</summary>
    Task HoldAsync(int ms, CancellationToken cancellationToken);

    /// <summary>Unary: how many Holds started, and how many of them saw their cancellation (the checker reads it).</summary>
    Task<HoldCount> HoldsAsync(CancellationToken cancellationToken);
}

/// <summary>The answer of <see cref="IShapes.HoldsAsync"/>: Holds started, and Holds that stopped because they were cancelled.</summary>
public sealed record HoldCount(int Started, int Cancelled);
