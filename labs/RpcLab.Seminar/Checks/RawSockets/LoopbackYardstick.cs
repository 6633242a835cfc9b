using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RpcLab.Seminar.Checks.RawSockets;

/// <summary>
/// How slow this machine's loopback is right now: the median round trip of a framed message to an echo in the
/// checker's own process that does nothing but send each frame back (Nagle off on both ends), measured right beside
/// the student's server. The latency check reads the student's median against it on a busy machine, where a correct
/// server is slowed too; it never counts in the student's calls.
/// </summary>
internal static class LoopbackYardstick
{
    public static async Task<double> MedianMillisecondsAsync(byte[] frame, int calls, CancellationToken cancellationToken)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var echo = EchoAsync(listener, frame.Length, stop.Token);
        try
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await client.ConnectAsync(listener.LocalEndPoint!, cancellationToken).ConfigureAwait(false);
            var reply = new byte[frame.Length];
            var times = new List<double>(calls);
            for (var i = 0; i < calls + 10; i++)
            {
                var clock = Stopwatch.StartNew();
                await client.SendAsync(frame, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                await ReceiveExactlyAsync(client, reply, cancellationToken).ConfigureAwait(false);
                if (i >= 10)
                {
                    // As for the student's server, the first ten warm up and are not counted.
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            times.Sort();
            return times[times.Count / 2];
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await echo.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException)
            {
                // The echo ends when the measurement does.
            }
        }
    }

    // One connection: each frame (4-byte big-endian length, then the payload) read whole and sent back in one write.
    private static async Task EchoAsync(Socket listener, int frameLength, CancellationToken cancellationToken)
    {
        using var peer = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
        peer.NoDelay = true;
        var buffer = new byte[frameLength];
        while (true)
        {
            await ReceiveExactlyAsync(peer, buffer.AsMemory(0, 4), cancellationToken).ConfigureAwait(false);
            var length = 4 + (int)BinaryPrimitives.ReadUInt32BigEndian(buffer);
            if (length > buffer.Length)
            {
                throw new IOException("the yardstick echo got a frame longer than it sends");
            }

            await ReceiveExactlyAsync(peer, buffer.AsMemory(4, length - 4), cancellationToken).ConfigureAwait(false);
            await peer.SendAsync(buffer.AsMemory(0, length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("the yardstick echo closed");
            }

            buffer = buffer[read..];
        }
    }
}
