using System.Diagnostics;
using RpcLab.Measurement.Load;

namespace RpcLab.Seminar.Checks.RawSockets;

/// <summary>
/// How slow this machine's loopback is right now: the median round trip of a frame through the report's latency floor
/// (<see cref="TcpEchoServer"/> and <see cref="TcpPingPongClient"/>, in the checker's process, Nagle off), measured
/// right beside the student's server. The latency check reads the student's median against it on a busy machine,
/// where a correct server is slowed too; it never counts in the student's calls.
/// </summary>
internal static class LoopbackYardstick
{
    public static async Task<double> MedianMillisecondsAsync(byte[] frame, int calls, CancellationToken cancellationToken)
    {
        await using var echo = TcpEchoServer.Start("127.0.0.1", 0);
        await using var client = await TcpPingPongClient.ConnectAsync("127.0.0.1", echo.Port, frame, cancellationToken).ConfigureAwait(false);
        var times = new List<double>(calls);
        for (var i = 0; i < calls + 10; i++)
        {
            var clock = Stopwatch.StartNew();
            await client.PingAsync(cancellationToken).ConfigureAwait(false);
            if (i >= 10)
            {
                // As for the student's server, the first ten warm up and are not counted.
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
