namespace RpcLab.Seminar.Checks.UnreliableNetwork;

/// <summary>
/// Asks the student's server for its duplicate table's size every few hundred milliseconds while clerks run (on a
/// connection of its own, straight to the server), so the last check can say whether it ever held more entries than
/// there were clients. Stops when disposed.
/// </summary>
internal sealed class DedupSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;

    private DedupSampler(CheckContext context, NetworkRun run, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _loop = Task.Run(() => SampleAsync(context, run, _stop.Token), CancellationToken.None);
    }

    public static DedupSampler Start(CheckContext context, NetworkRun run, CancellationToken cancellationToken) => new(context, run, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or CheckFailedException)
        {
            // Stopped, or the server would not say: the checks that follow report what is wrong.
        }

        _stop.Dispose();
    }

    private static async Task SampleAsync(CheckContext context, NetworkRun run, CancellationToken cancellationToken)
    {
        await using var client = await KvClient.ConnectAsync(context, cancellationToken).ConfigureAwait(false);
        while (!cancellationToken.IsCancellationRequested)
        {
            run.AddSample(await client.DedupTableSizeAsync(cancellationToken).ConfigureAwait(false));
            await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
        }
    }
}
