using RpcLab.Measurement.Results;

namespace RpcLab.Measurement.Load;

/// <summary>One server of a sweep, not yet started: its label and how to start it. Immutable.</summary>
public sealed record SweepTarget(string Transport, string Server, Func<CancellationToken, Task<ILoadTarget>> StartAsync)
{
    public string Label => LoadServers.Label(Transport, Server);

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
