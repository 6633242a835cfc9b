using System.Diagnostics;
using System.Globalization;
using RpcLab.Composition;

namespace RpcLab.Measurement.Reliability;

/// <summary>
/// The calls section: per transport, <see cref="ReliabilitySettings.CallsPerTransport"/> calls of echo.reverse, each with
/// a message of its own, from <see cref="ReliabilitySettings.Callers"/> concurrent callers on <see cref="Clients"/>
/// clients (connections); every reply is compared with the reversed message, so a reply mixed up between callers counts
/// as wrong, not as done.
/// </summary>
/// <remarks>
/// Several connections, not one, as a program's clients would share them. (This once hid a JSON-RPC bug: a reply being
/// written still counted against the connection's limit, so 64 callers on one connection were now and then refused;
/// ConcurrencyLimitTests holds the fix.)
/// </remarks>
internal static class CheckedCalls
{
    /// <summary>The connections the callers share, each used by as many callers.</summary>
    public const int Clients = 4;

    public static async Task<List<Figure>> RunAsync(ReliabilitySettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        var figures = new List<Figure>();
        foreach (var transport in TransportRegistry.All)
        {
            using var memory = new MemoryPeak();
            await using var server = await ScratchServer.StartAsync(transport, null, cancellationToken).ConfigureAwait(false);
            var clients = new List<Transports.Hosting.IRpcClient>();
            for (var c = 0; c < Clients; c++)
            {
                clients.Add(await transport.ConnectAsync(server.Client, cancellationToken).ConfigureAwait(false));
            }

            long next = -1, wrong = 0, failed = 0;
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, settings.Callers).Select(caller => Task.Run(async () =>
            {
                var client = clients[caller % Clients];
                for (var i = Interlocked.Increment(ref next); i < settings.CallsPerTransport; i = Interlocked.Increment(ref next))
                {
                    var message = string.Create(CultureInfo.InvariantCulture, $"call {i} of {settings.CallsPerTransport}");
                    try
                    {
                        if (await client.Services.Echo.ReverseAsync(message, cancellationToken).ConfigureAwait(false) != Reverse(message))
                        {
                            Interlocked.Increment(ref wrong);
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        if (Interlocked.Increment(ref failed) <= 3)
                        {
                            await log.WriteLineAsync($"calls: {transport.Name}: call {i} failed: {Transports.Hosting.LogText.Escape(e.Message)}").ConfigureAwait(false);
                        }
                    }
                }
            }, cancellationToken))).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            foreach (var client in clients)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }

            figures.Add(new("calls", transport.Name, "calls", settings.CallsPerTransport));
            figures.Add(new("calls", transport.Name, "failed", failed, 0));
            figures.Add(new("calls", transport.Name, "wrong results", wrong, 0));
            figures.Add(new("calls", transport.Name, "calls/s", Math.Round(settings.CallsPerTransport / seconds)));
            figures.Add(new("calls", transport.Name, "peak memory (MiB)", Math.Round(memory.Mebibytes)));
            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"calls: {transport.Name}: {settings.CallsPerTransport} calls in {seconds:0.0} s, {failed} failed, {wrong} wrong")).ConfigureAwait(false);
        }

        return figures;
    }

    private static string Reverse(string message)
    {
        var characters = message.ToCharArray();
        Array.Reverse(characters);
        return new string(characters);
    }
}
