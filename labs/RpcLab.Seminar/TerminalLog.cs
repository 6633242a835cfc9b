using RpcLab.Composition;

namespace RpcLab.Seminar;

/// <summary>
/// The lines a terminal has shown so far, fed from another thread (a child's stdout, an in-process
/// server's writer). Thread-safe: lines may be added while others wait for them.
/// </summary>
public sealed class TerminalLog
{
    private readonly object _gate = new();
    private readonly List<string> _lines = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(string line)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _lines.Add(line);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return _lines.ToList();
            }
        }
    }

    /// <summary>
    /// Waits until a server is <paramref name="ready"/> (by default: it printed its listening line), as
    /// <see cref="WaitForAsync"/> waits, and returns what its listening line says (default when a server, such as a
    /// cluster node, prints none), or null when <paramref name="timeout"/> passed or <paramref name="stop"/> completed first.
    /// </summary>
    public async Task<ListeningLine.Endpoint?> WaitForListeningAsync(TimeSpan timeout, Task stop, CancellationToken cancellationToken, Func<IReadOnlyList<string>, bool>? ready = null)
    {
        ready ??= lines => lines.Any(l => ListeningLine.TryParse(l, out _));
        if (!await WaitForAsync(ready, timeout, stop, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return Lines.FirstOrDefault(l => ListeningLine.TryParse(l, out _)) is { } line && ListeningLine.TryParse(line, out var endpoint) ? endpoint : default;
    }

    /// <summary>The error of a server that never said it was listening: <paramref name="why"/>, if known, and everything it printed.</summary>
    public InvalidOperationException DidNotStart(string? why) =>
        new($"the server did not start{(why is null ? "" : ": " + why)}. Its output:{Environment.NewLine}{string.Join(Environment.NewLine, Lines)}");

    /// <summary>Waits until <paramref name="condition"/> holds for the lines, or <paramref name="timeout"/> passes, or <paramref name="stop"/> completes; true if it held.</summary>
    public async Task<bool> WaitForAsync(Func<IReadOnlyList<string>, bool> condition, TimeSpan timeout, Task stop, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition(_lines))
                {
                    return true;
                }

                changed = _changed.Task;
            }

            if (stop.IsCompleted || timer.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return condition(Lines);
            }

            try
            {
                await Task.WhenAny(changed, stop).WaitAsync(timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Timed out: the check at the top of the loop gives the answer.
            }
        }
    }
}
