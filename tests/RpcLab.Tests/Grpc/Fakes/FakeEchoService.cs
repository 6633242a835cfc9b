using System.Runtime.CompilerServices;
using RpcLab.Services.Echo;
using RpcLab.Services.Errors;
using RpcLab.Tests.Infrastructure;

namespace RpcLab.Tests.Grpc.Fakes;

/// <summary>
/// A deterministic echo for transport tests. <see cref="DelayCancelled"/> completes when a Delay call's token
/// fires, so tests can prove that the server cancelled the handler. <see cref="OnReverse"/> lets a test make
/// Reverse throw. It overrides every call the contract has today; a call added later is the real
/// <see cref="EchoService"/>'s until a test needs it otherwise. Thread-safe.
/// </summary>
internal sealed class FakeEchoService() : DelegatingEchoService(new EchoService())
{
    public TaskCompletionSource DelayStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource DelayCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Func<string, string>? OnReverse { get; set; }

    /// <summary>When set, Repeat fails with DataLoss after this many items (an error after messages: status in trailers).</summary>
    public int? RepeatFailsAfter { get; set; }

    /// <summary>
    /// Completes when a Repeat stream is stopped before its end: its token fired, or the server disposed it
    /// (Kestrel reports a reset stream to the writer before it fires RequestAborted, so either may come first).
    /// </summary>
    public TaskCompletionSource RepeatStopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Task<string> ReverseAsync(string message, CancellationToken cancellationToken = default) =>
        Task.FromResult(OnReverse is { } hook ? hook(message) : Reverse(message));

    public override async Task<string> DelayAsync(string message, int delayMs, CancellationToken cancellationToken = default)
    {
        DelayStarted.TrySetResult();
        if (cancellationToken.IsCancellationRequested)
        {
            DelayCancelled.TrySetResult();
        }

        try
        {
            await Task.Delay(delayMs, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            DelayCancelled.TrySetResult();
            throw;
        }

        return message;
    }

    public override async Task<string> CollectAsync(IAsyncEnumerable<string> messages, CancellationToken cancellationToken = default)
    {
        var all = new List<string>();
        await foreach (var message in messages.WithCancellation(cancellationToken))
        {
            all.Add(message);
        }

        return string.Join(' ', all);
    }

    public override async IAsyncEnumerable<string> RepeatAsync(string message, int count, int intervalMs = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var ended = false;
        try
        {
            for (var i = 1; i <= count; i++)
            {
                if (i - 1 == RepeatFailsAfter)
                {
                    ended = true;
                    throw new RpcException(RpcStatusCode.DataLoss, $"failed after {i - 1} items");
                }

                if (intervalMs > 0)
                {
                    await Task.Delay(intervalMs, cancellationToken);
                }

                yield return $"{message} #{i}";
            }

            ended = true;
        }
        finally
        {
            if (!ended)
            {
                RepeatStopped.TrySetResult();
            }
        }
    }

    public override async IAsyncEnumerable<string> ChatAsync(IAsyncEnumerable<string> messages, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var message in messages.WithCancellation(cancellationToken))
        {
            yield return Reverse(message);
        }
    }

    private static string Reverse(string message)
    {
        var chars = message.ToCharArray();
        Array.Reverse(chars);
        return new string(chars);
    }
}
