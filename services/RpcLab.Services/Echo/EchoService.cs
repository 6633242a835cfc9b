using System.Globalization;
using System.Runtime.CompilerServices;
using RpcLab.Services.Contracts;
using RpcLab.Services.Errors;

namespace RpcLab.Services.Echo;

/// <summary>
/// The four call shapes. Reversal works on text elements (grapheme clusters), so "é" written as
/// e + combining accent, emoji and surrogate pairs survive intact. Stateless, so thread-safe.
/// </summary>
public sealed class EchoService : IEchoService
{
    /// <summary>The most messages one <see cref="RepeatAsync"/> may produce.</summary>
    public const int MaxRepeatCount = 10_000;

    public Task<string> ReverseAsync(string message, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Reverse(Required(message)));
    }

    public async Task<string> DelayAsync(string message, int delayMs, CancellationToken cancellationToken = default)
    {
        Required(message);
        if (delayMs < 0)
        {
            throw RpcException.InvalidArgument($"delayMs must be 0 or more, not {delayMs}");
        }

        await Task.Delay(delayMs, cancellationToken).ConfigureAwait(false);
        return message;
    }

    public async Task<string> CollectAsync(IAsyncEnumerable<string> messages, CancellationToken cancellationToken = default)
    {
        var collected = new List<string>();
        await foreach (var message in Stream(messages).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            collected.Add(Required(message));
        }

        return string.Join(' ', collected);
    }

    public IAsyncEnumerable<string> RepeatAsync(string message, int count, int intervalMs = 0, CancellationToken cancellationToken = default)
    {
        // Checked here, before the stream starts, so the caller gets the error from the call itself.
        Required(message);
        if (count is < 0 or > MaxRepeatCount)
        {
            throw RpcException.InvalidArgument($"count must be between 0 and {MaxRepeatCount}, not {count}");
        }

        if (intervalMs < 0)
        {
            throw RpcException.InvalidArgument($"intervalMs must be 0 or more, not {intervalMs}");
        }

        return Repeat(message, count, intervalMs, cancellationToken);
    }

    public async IAsyncEnumerable<string> ChatAsync(IAsyncEnumerable<string> messages, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var message in Stream(messages).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return Reverse(Required(message));
        }
    }

    /// <summary>
    /// The text elements of <paramref name="message"/> in reverse order, written straight into the one string returned:
    /// the load runs call this on every call, and a list of elements and a builder cost more than the rest of the
    /// server's own work. Boundaries are found from the start (an element's end depends on what precedes it).
    /// </summary>
    internal static string Reverse(string message) =>
        string.Create(message.Length, message, static (reversed, source) =>
        {
            var end = reversed.Length;
            for (var start = 0; start < source.Length;)
            {
                var element = source.AsSpan(start, StringInfo.GetNextTextElementLength(source.AsSpan(start)));
                end -= element.Length;
                element.CopyTo(reversed[end..]);
                start += element.Length;
            }
        });

    private static async IAsyncEnumerable<string> Repeat(string message, int count, int intervalMs, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 1; i <= count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i > 1 && intervalMs > 0)
            {
                await Task.Delay(intervalMs, cancellationToken).ConfigureAwait(false);
            }

            yield return $"{message} #{i}";
        }
    }

    private static IAsyncEnumerable<string> Stream(IAsyncEnumerable<string>? messages) =>
        messages ?? throw RpcException.InvalidArgument("the message stream is missing");

    private static string Required(string? message) =>
        message ?? throw RpcException.InvalidArgument("message must not be null");
}
