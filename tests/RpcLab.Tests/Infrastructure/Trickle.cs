using System.Diagnostics;

namespace RpcLab.Tests.Infrastructure;

/// <summary>
/// The trickle the probe sent, made small: one connection sends a message one byte every 200 ms, to a server whose
/// message timeout is 2 s, while the test's own client is served meanwhile. The timeout counts the whole message, so
/// the trickle is cut off about 2 s after its first byte, long before it could finish. Stateless and thread-safe.
/// </summary>
public static class Trickle
{
    /// <summary>The message timeout a trickle test starts its server with.</summary>
    public static readonly TimeSpan MessageTimeout = TimeSpan.FromSeconds(2);

    /// <summary>One byte every this often.</summary>
    public static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Trickles <paramref name="message"/> into <paramref name="server"/> (started with <see cref="MessageTimeout"/> and a
    /// client), checks its client is served meanwhile, and returns how long after the first byte the server closed the
    /// trickling connection; fails when it was not closed within the timeout and a few seconds more.
    /// </summary>
    public static async Task<TimeSpan> CutOffAfterAsync(TestServer server, byte[] message)
    {
        Assert.True(message.Length * Gap > MessageTimeout + TimeSpan.FromSeconds(4), "the message must be long enough to outlast the timeout");
        using var trickler = await IdleSockets.OpenAsync(server.Port, 1);
        using var stop = new CancellationTokenSource();
        var started = Stopwatch.StartNew();
        var trickling = trickler.TrickleAsync(message, Gap, stop.Token);

        var served = await server.Client.Services.Echo.ReverseAsync("meanwhile").WaitAsync(TimeSpan.FromSeconds(5));
        var closed = await trickler.FirstClosed.WaitAsync(MessageTimeout + TimeSpan.FromSeconds(4)).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
        var elapsed = started.Elapsed;
        await stop.CancelAsync();
        await trickling.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.Equal("elihwnaem", served);
        Assert.True(closed, $"the trickling connection was still open {elapsed.TotalSeconds:0.0} s after its first byte");
        return elapsed;
    }

    /// <summary>
    /// Asserts <paramref name="elapsed"/> is the message timeout, give or take how often servers check it: never before
    /// it, and well before a trickle would have finished its message (the upper bound is wide, since a busy 2-core
    /// machine running the whole suite delays the check; it tells "cut off" from "never cut off", not a speed).
    /// </summary>
    public static void AssertAboutTheTimeout(TimeSpan elapsed) =>
        Assert.InRange(elapsed, MessageTimeout - TimeSpan.FromMilliseconds(300), MessageTimeout + TimeSpan.FromSeconds(8));
}
