using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace RpcLab.Seminar.Checks.OneContract;

/// <summary>
/// Lab 2's checks (<c>one-contract</c>): the contract's four call shapes, each with empty, 0 and 1,000 items, the
/// bidirectional call interleaved, a cancellation seen by the server, and an unknown method, over gRPC or JSON-RPC
/// (<c>--transport</c>). The checks are written once against <see cref="IShapesClient"/>, as the student's
/// implementation is written once against IShapes. A cancellation is seen from outside through the contract's
/// Holds counters. Stateless, thread-safe.
/// </summary>
public sealed class OneContractCheckSuite : ILabCheckSuite
{
    /// <summary>How long RunningTotal may take to answer one number before the checker concludes it buffers.</summary>
    public static readonly TimeSpan InterleaveTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The issue's bound: a server sees a cancellation within this time.</summary>
    public static readonly TimeSpan CancellationBound = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the checker looks for a cancellation at all; later than the bound is retried, never seen fails.</summary>
    public static readonly TimeSpan CancellationGiveUp = TimeSpan.FromSeconds(3);

    /// <summary>Attempts of the cancellation check: a loaded machine may stall one past the bound.</summary>
    public const int CancellationAttempts = 5;

    /// <summary>The Hold the checker cancels: far longer than the check, so a server ignoring the cancel is still holding.</summary>
    public const int HoldMs = 20_000;

    private const int Many = 1_000;

    public string Name => "one-contract";

    public IReadOnlyList<string> Transports { get; } = ["grpc", "jsonrpc"];

    public IReadOnlyList<LabCheck> Checks { get; } =
    [
        Check("Upper upper-cases its text, an empty one too (unary)", "Upper", UpperAsync),
        Check("Countdown streams n, n-1, ..., 1 for n = 5, 0 and 1,000 (server streaming)", "Countdown", CountdownAsync),
        Check("Longest answers the first longest of 4 words, of none and of 1,000 (client streaming)", "Longest", LongestAsync),
        Check("RunningTotal answers each number before it gets the next (bidirectional, interleaved)", "RunningTotal", InterleavedAsync),
        Check("RunningTotal of no numbers and of 1,000 numbers", "RunningTotal", RunningTotalSizesAsync),
        Check("a cancelled Hold is seen by the server within 200 ms", "Hold", CancelledHoldAsync),
        Check("an unknown method is Unimplemented (gRPC) or -32601 (JSON-RPC)", null, UnknownMethodAsync),
    ];

    /// <summary>The client of <paramref name="context"/>'s transport, connected.</summary>
    public static async Task<IShapesClient> ConnectAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Transport == "jsonrpc"
            ? await JsonRpcShapesClient.ConnectAsync(context, cancellationToken).ConfigureAwait(false)
            : new GrpcShapesClient(context);
    }

    private static LabCheck Check(string name, string? method, Func<IShapesClient, CancellationToken, Task<CheckOutcome>> body) =>
        new(name, async (context, cancellationToken) =>
        {
            try
            {
                await using var client = await ConnectAsync(context, cancellationToken).ConfigureAwait(false);
                try
                {
                    return await body(client, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (method is not null && !cancellationToken.IsCancellationRequested && client.Explain(e) is { } why)
                {
                    return CheckOutcome.Fail($"{method}: {why}");
                }
            }
            catch (CheckFailedException e)
            {
                return CheckOutcome.Fail(e.Message);
            }
        });

    private static async Task<CheckOutcome> UpperAsync(IShapesClient client, CancellationToken cancellationToken)
    {
        foreach (var text in new[] { "Hello, wire 2", string.Empty })
        {
            var answer = await client.UpperAsync(text, cancellationToken).ConfigureAwait(false);
            if (answer != text.ToUpperInvariant())
            {
                return CheckOutcome.Fail($"Upper(\"{text}\") answered \"{answer}\"; expected \"{text.ToUpperInvariant()}\"", $"\"{text}\"", $"\"{answer}\"");
            }
        }

        return CheckOutcome.Pass("\"Hello, wire 2\", \"\"", "\"HELLO, WIRE 2\", \"\"");
    }

    private static async Task<CheckOutcome> CountdownAsync(IShapesClient client, CancellationToken cancellationToken)
    {
        foreach (var n in new[] { 5, 0, Many })
        {
            var values = new List<int>();
            await foreach (var value in client.CountdownAsync(n, cancellationToken).ConfigureAwait(false))
            {
                values.Add(value);
                if (values.Count > n + 1)
                {
                    break;
                }
            }

            var expected = Enumerable.Range(1, n).Reverse().ToList();
            if (!values.SequenceEqual(expected))
            {
                var shown = Shorten(values) + (values.Count > n + 1 ? ", ..." : string.Empty);
                var count = values.Count > n + 1 ? $"more than {n + 1}" : values.Count.ToString(CultureInfo.InvariantCulture);
                return CheckOutcome.Fail($"Countdown({n}) streamed {count} items ({shown}); expected exactly {n}{(n == 0 ? " (none)" : ": " + Shorten(expected))}", $"{n}", shown);
            }
        }

        return CheckOutcome.Pass("5, 0, 1000", "5, 4, 3, 2, 1; nothing; 1000 items");
    }

    private static async Task<CheckOutcome> LongestAsync(IShapesClient client, CancellationToken cancellationToken)
    {
        // "w100" is the first of the longest of w0..w999.
        (string[] Words, string Expected, string Shown)[] cases =
        [
            (["pear", "banana", "cherry", "fig"], "banana", "\"pear\", \"banana\", \"cherry\", \"fig\""),
            ([], string.Empty, "no words"),
            ([.. Enumerable.Range(0, Many).Select(i => "w" + i.ToString(CultureInfo.InvariantCulture))], "w100", "1,000 words w0 ... w999"),
        ];
        foreach (var (words, expected, shown) in cases)
        {
            string answer;
            try
            {
                answer = await client.LongestAsync(words.ToAsyncEnumerable(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && client.Explain(e) is { } why)
            {
                return CheckOutcome.Fail($"Longest of {shown} failed: {why}; expected \"{expected}\"{(words.Length == 0 ? " (no words is not an error)" : string.Empty)}", shown, why);
            }

            if (answer != expected)
            {
                return CheckOutcome.Fail($"Longest of {shown} answered \"{answer}\"; expected \"{expected}\" (the first of the longest)", shown, $"\"{answer}\"");
            }
        }

        return CheckOutcome.Pass("4 words; none; 1,000 words", "\"banana\"; \"\"; \"w100\"");
    }

    private static async Task<CheckOutcome> InterleavedAsync(IShapesClient client, CancellationToken cancellationToken)
    {
        long[] numbers = [5, -2, 10, 100];
        var (totals, stalledAfter) = await RunningTotalsAsync(client, numbers, cancellationToken).ConfigureAwait(false);
        if (stalledAfter is { } number)
        {
            return CheckOutcome.Fail($"RunningTotal sent no reply to {number} within {InterleaveTimeout.TotalSeconds:0} s, and the checker sends the next number only after it: answer each number before reading the next (this server buffers: it reads on, or collects the replies, before answering){(totals.Count > 0 ? $"; replies when the checker gave up: {Join(totals)}" : string.Empty)}", Join(numbers), Join(totals));
        }

        return Compare(numbers, totals);
    }

    private static async Task<CheckOutcome> RunningTotalSizesAsync(IShapesClient client, CancellationToken cancellationToken)
    {
        foreach (var numbers in new[] { Array.Empty<long>(), [.. Enumerable.Range(1, Many).Select(i => (long)i)] })
        {
            var (totals, stalledAfter) = await RunningTotalsAsync(client, numbers, cancellationToken).ConfigureAwait(false);
            if (stalledAfter is { } number)
            {
                return CheckOutcome.Fail($"RunningTotal of {numbers.Length:N0} numbers sent no reply to {number} within {InterleaveTimeout.TotalSeconds:0} s (after {totals.Count} replies)", $"{numbers.Length:N0} numbers", Shorten(totals));
            }

            if (Compare(numbers, totals) is { Passed: false } wrong)
            {
                return wrong;
            }
        }

        return CheckOutcome.Pass("no numbers; 1, 2, ..., 1000", "no replies; 1, 3, 6, ..., 500500");
    }

    /// <summary>
    /// Sends number k only after the reply to number k-1 came: a server that reads on before answering never gets the
    /// next number; the checker waits <see cref="InterleaveTimeout"/>, then ends its stream and reports where it stalled.
    /// </summary>
    private static async Task<(List<long> Totals, long? StalledAfter)> RunningTotalsAsync(IShapesClient client, long[] numbers, CancellationToken cancellationToken)
    {
        using var replied = new SemaphoreSlim(0);
        long? stalledAfter = null;
        async IAsyncEnumerable<long> Numbers([EnumeratorCancellation] CancellationToken token = default)
        {
            for (var i = 0; i < numbers.Length; i++)
            {
                if (i > 0 && !await replied.WaitAsync(InterleaveTimeout, token).ConfigureAwait(false))
                {
                    stalledAfter = numbers[i - 1];
                    yield break;
                }

                yield return numbers[i];
            }
        }

        var totals = new List<long>();
        await foreach (var total in client.RunningTotalAsync(Numbers(cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            totals.Add(total);
            replied.Release();
            if (totals.Count > numbers.Length)
            {
                break;
            }
        }

        return (totals, stalledAfter);
    }

    private static CheckOutcome Compare(long[] numbers, List<long> totals)
    {
        var expected = new List<long>();
        long sum = 0;
        foreach (var number in numbers)
        {
            sum += number;
            expected.Add(sum);
        }

        return totals.SequenceEqual(expected)
            ? CheckOutcome.Pass(Shorten(numbers), Shorten(totals))
            : CheckOutcome.Fail($"RunningTotal of {(numbers.Length == 0 ? "no numbers" : Shorten(numbers))} answered {(totals.Count == 0 ? "nothing" : Shorten(totals))} ({totals.Count} replies); expected {(expected.Count == 0 ? "no replies, and the end of the stream" : Shorten(expected))}", Shorten(numbers), Shorten(totals));
    }

    private static async Task<CheckOutcome> CancelledHoldAsync(IShapesClient client, CancellationToken cancellationToken)
    {
        var late = new List<TimeSpan>();
        for (var attempt = 0; attempt < CancellationAttempts; attempt++)
        {
            var before = await client.HoldsAsync(cancellationToken).ConfigureAwait(false);
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var hold = client.HoldAsync(HoldMs, cancel.Token);
            try
            {
                // Cancelled only once the server is inside Hold: a cancel that overtakes its call cancels nothing.
                var entered = await PollAsync(client, c => c.Started > before.Started, hold, cancellationToken).ConfigureAwait(false);
                if (entered is null)
                {
                    await ThrowIfFailedAsync(hold).ConfigureAwait(false);
                    return CheckOutcome.Fail($"Holds still counts {before.Started} started {CancellationGiveUp.TotalSeconds:0} s after Hold({HoldMs}) was called: keep the counting in HoldAsync", $"Hold({HoldMs})", $"started {before.Started}");
                }

                var clock = Stopwatch.StartNew();
                await cancel.CancelAsync().ConfigureAwait(false);
                var seen = await PollAsync(client, c => c.Cancelled > before.Cancelled, null, cancellationToken, clock).ConfigureAwait(false);
                if (seen is null)
                {
                    return CheckOutcome.Fail($"the checker cancelled Hold({HoldMs}) and {CancellationGiveUp.TotalSeconds:0} s later the server had not seen it (Holds: {entered.Value.Started} started, {before.Cancelled} cancelled): Hold went on waiting; pass the CancellationToken to Task.Delay", $"Hold({HoldMs}), cancelled", $"cancelled {before.Cancelled}");
                }

                // The server saw it after the last poll that said no was answered and before the poll that said yes was:
                // the first of the two ends is what the server is held to, since a loaded machine stretches a poll's round trip.
                var (_, _, notYet, answered) = seen.Value;
                if (notYet <= CancellationBound)
                {
                    return CheckOutcome.Pass($"Hold({HoldMs}), cancelled", $"seen by the server {notYet.TotalMilliseconds:0}-{answered.TotalMilliseconds:0} ms after the cancel");
                }

                late.Add(notYet);
            }
            finally
            {
                await cancel.CancelAsync().ConfigureAwait(false);
                try
                {
                    await hold.ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException || client.Explain(e) is not null)
                {
                    // The cancelled call's own end: what counts is what the server saw.
                }
            }
        }

        return CheckOutcome.Fail($"the server saw the cancellation of Hold only after {string.Join(", ", late.Select(t => $"{t.TotalMilliseconds:0} ms"))} ({CancellationAttempts} tries); it must within {CancellationBound.TotalMilliseconds:0} ms", $"Hold({HoldMs}), cancelled", "late");
    }

    /// <summary>
    /// Polls Holds until <paramref name="done"/> holds, the call <paramref name="stopWhen"/> ended, or
    /// <see cref="CancellationGiveUp"/> passed (null then). On <paramref name="clock"/>: NotYet is when the last poll
    /// that found it not done was answered (zero if the first found it done), Answered when the one that found it done was.
    /// </summary>
    private static async Task<(int Started, int Cancelled, TimeSpan NotYet, TimeSpan Answered)?> PollAsync(IShapesClient client, Func<(int Started, int Cancelled), bool> done, Task? stopWhen, CancellationToken cancellationToken, Stopwatch? clock = null)
    {
        clock ??= Stopwatch.StartNew();
        var notYet = TimeSpan.Zero;
        while (clock.Elapsed < CancellationGiveUp && stopWhen is not { IsCompleted: true })
        {
            var count = await client.HoldsAsync(cancellationToken).ConfigureAwait(false);
            if (done(count))
            {
                return (count.Started, count.Cancelled, notYet, clock.Elapsed);
            }

            notYet = clock.Elapsed;

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private static async Task ThrowIfFailedAsync(Task hold)
    {
        if (hold.IsCompleted)
        {
            await hold.ConfigureAwait(false);
        }
    }

    private static async Task<CheckOutcome> UnknownMethodAsync(IShapesClient client, CancellationToken cancellationToken)
    {
        var name = FirstRpc.FirstRpcCheckSuite.UnknownMethod;
        var (right, answer) = await client.CallUnknownMethodAsync(name, cancellationToken).ConfigureAwait(false);
        return right
            ? CheckOutcome.Pass(name, answer)
            : CheckOutcome.Fail($"{name} answered {answer}; a method the contract does not have must be {client.UnknownMethodAnswer}", name, answer);
    }

    /// <summary>At most ten values, then how many more: 1,000 totals make no readable reason.</summary>
    private static string Shorten<T>(IReadOnlyCollection<T> values) =>
        values.Count <= 10 ? Join(values) : $"{Join(values.Take(5))}, ... ({values.Count - 6:N0} more), {Join(values.TakeLast(1))}";

    private static string Join<T>(IEnumerable<T> values) => string.Join(", ", values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
}
