using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RpcLab.Composition;
using RpcLab.Transports.Hosting;

namespace RpcLab.Measurement.Reliability;

/// <summary>
/// The connections section: per transport with a wire, idle TCP connections (connected, never a byte) and slowloris ones
/// (a byte a second, never a whole message) are held while one normal client calls echo.reverse back to back; its p99
/// latency and failures are the figures. The server is <c>rpclab serve</c> in a child process, so each connection costs
/// this process one file descriptor and the server one of its own: the idle count is lowered only when it does not fit
/// the descriptor limit (<see cref="FileDescriptorLimit"/>), and the report says how many were held. The server's
/// connection limits are raised to fit them, as an operator would.
/// </summary>
internal static class ConnectionFlood
{
    private const int ConnectParallel = 64;

    public static async Task<List<Figure>> RunAsync(ReliabilitySettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        var figures = new List<Figure>();
        var (idleWanted, slow) = (settings.IdleConnections, settings.SlowConnections);
        var idle = Math.Min(idleWanted, Fit(FileDescriptorLimit.Current) - slow);
        if (idle < idleWanted)
        {
            await log.WriteLineAsync($"connections: {idle} idle connections instead of {idleWanted}: one descriptor each in this process must fit the limit of {FileDescriptorLimit.Current}").ConfigureAwait(false);
        }

        foreach (var transport in TransportRegistry.All.Where(t => t.HasWire))
        {
            var limit = idle + slow + 64;
            var data = Directory.CreateTempSubdirectory("rpclab-connections-");
            try
            {
                await using var server = await ChildServe.StartAsync(transport.Name, data.FullName, ["--max-connections", Whole(limit), "--max-connections-per-peer", Whole(limit)], cancellationToken).ConfigureAwait(false);
                var idleSockets = await ConnectAsync(server.Port, idle, cancellationToken).ConfigureAwait(false);
                var slowSockets = await ConnectAsync(server.Port, slow, cancellationToken).ConfigureAwait(false);
                try
                {
                    using var stopTrickle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    var trickle = TrickleAsync(slowSockets, stopTrickle.Token);
                    var client = new Transports.Hosting.ClientOptions { Host = "127.0.0.1", Port = server.Port };
                    var (latencies, failed) = await NormalClientAsync(transport, client, settings.NormalClientTime, cancellationToken).ConfigureAwait(false);
                    await stopTrickle.CancelAsync().ConfigureAwait(false);
                    await trickle.ConfigureAwait(false);
                    var held = idleSockets.Count(IsOpen);
                    var p99 = Percentile(latencies, 0.99);
                    figures.Add(new("connections", transport.Name, "idle connections held", held));
                    figures.Add(new("connections", transport.Name, "slowloris connections", slowSockets.Count));
                    figures.Add(new("connections", transport.Name, "normal calls", latencies.Count));
                    figures.Add(new("connections", transport.Name, "normal calls failed", failed, 0));
                    figures.Add(new("connections", transport.Name, "normal p50 (ms)", Math.Round(Percentile(latencies, 0.5), 2)));
                    figures.Add(new("connections", transport.Name, "normal p99 (ms)", Math.Round(p99, 2), 50));
                    figures.Add(new("connections", transport.Name, "server peak memory (MiB)", Math.Round(ChildServe.PeakMebibytes(server))));
                    await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"connections: {transport.Name}: {held} idle held, {slowSockets.Count} slow; {latencies.Count} normal calls, {failed} failed, p99 {p99:0.00} ms")).ConfigureAwait(false);
                }
                finally
                {
                    foreach (var socket in idleSockets.Concat(slowSockets))
                    {
                        socket.Dispose();
                    }
                }
            }
            finally
            {
                try
                {
                    data.Delete(recursive: true);
                }
                catch (IOException)
                {
                    // A file still held: the temp folder's owner cleans it.
                }
            }
        }

        return figures;
    }

    /// <summary>Connections (this process's ends; the server is a child with a limit of its own) that fit under <paramref name="limit"/>, a quarter of it and 256 kept for everything else.</summary>
    internal static int Fit(long? limit) => (int)Math.Max(0, (limit ?? 1024) * 3 / 4 - 256);

    private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static async Task<List<Socket>> ConnectAsync(int port, int count, CancellationToken cancellationToken)
    {
        var sockets = new List<Socket>(count);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = ConnectParallel, CancellationToken = cancellationToken }, async (_, token) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port, token).ConfigureAwait(false);
                lock (sockets)
                {
                    sockets.Add(socket);
                }
            }
            catch (SocketException)
            {
                socket.Dispose();
            }
        }).ConfigureAwait(false);
        return sockets;
    }

    private static async Task TrickleAsync(List<Socket> sockets, CancellationToken cancellationToken)
    {
        byte[] one = [(byte)'P'];
        try
        {
            while (true)
            {
                foreach (var socket in sockets)
                {
                    try
                    {
                        socket.Send(one, SocketFlags.None);
                    }
                    catch (SocketException)
                    {
                        // Cut off by the server's message timeout: what a server should do to a trickle.
                    }
                }

                await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The normal client is done.
        }
    }

    private static async Task<(List<double> Latencies, int Failed)> NormalClientAsync(Transports.Hosting.IRpcTransport transport, Transports.Hosting.ClientOptions options, TimeSpan time, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        var failed = 0;
        await using var client = await transport.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        var end = Stopwatch.GetTimestamp() + (long)(time.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(TimeSpan.FromSeconds(10));
                if (await client.Services.Echo.ReverseAsync("normal", deadline.Token).ConfigureAwait(false) != "lamron")
                {
                    failed++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failed++;
            }

            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return (latencies, failed);
    }

    private static bool IsOpen(Socket socket)
    {
        try
        {
            return !(socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    private static double Percentile(List<double> values, double fraction)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(fraction * sorted.Count) - 1)];
    }
}
