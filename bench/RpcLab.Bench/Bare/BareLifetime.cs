using System.Globalization;

namespace RpcLab.Bench.Bare;

/// <summary>
/// What every bare yardstick server does around its serving, as the sweep expects of any server it starts: say where
/// it listens (<c>listening on HOST:PORT</c>), then serve until its standard input closes, the parent's way to stop
/// it. Stateless and thread-safe.
/// </summary>
internal static class BareLifetime
{
    public static void AnnounceListening(string host, int port) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"listening on {host}:{port}"));

    /// <summary>A token that fires once standard input reaches its end.</summary>
    public static CancellationTokenSource StopWhenStdinCloses()
    {
        var stdinClosed = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            await using var stdin = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (await stdin.ReadAsync(buffer) > 0)
            {
            }

            await stdinClosed.CancelAsync();
        });
        return stdinClosed;
    }
}
