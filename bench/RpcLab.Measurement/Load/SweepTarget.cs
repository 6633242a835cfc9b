using RpcLab.Measurement.Results;

namespace RpcLab.Measurement.Load;

/// <summary>One server of a sweep, not yet started: its label, how to start it and the most concurrent callers it is loaded with (null: any). Immutable.</summary>
public sealed record SweepTarget(string Transport, string Server, Func<CancellationToken, Task<ILoadTarget>> StartAsync, int? MaxConcurrency = null)
{
    public string Label => LoadServers.Label(Transport, Server);

    /// <summary>The concurrencies of <paramref name="sweep"/> this server runs at.</summary>
    public IReadOnlyList<int> ConcurrencyOf(IReadOnlyList<int> sweep) => [.. sweep.Where(c => MaxConcurrency is not { } most || c <= most)];

    /// <summary>Starts it; null, told to <paramref name="skipped"/> with the reason, when it cannot start (not installed, failed to listen).</summary>
    public async Task<ILoadTarget?> TryStartAsync(string what, Action<RunNote> skipped, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        try
        {
            return await StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.Net.Sockets.SocketException)
        {
            skipped(new RunNote(what, e.Message));
            return null;
        }
    }
}
