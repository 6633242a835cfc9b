using System.Diagnostics;
using System.Globalization;
using RpcLab.Cli.Commands;
using RpcLab.Network;
using RpcLab.Services;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.Hosting;

namespace RpcLab.Cli.Calls;

/// <summary>
/// <c>rpclab bench sum</c>: the parallel sum at each array size and number of workers over each transport, with the
/// median time of a call and the bytes that crossed the socket per call, both ways. Each transport's server runs in
/// this process behind a <see cref="TcpRelay"/> (as <c>rpclab wire</c> taps a call) that counts what it forwards, so
/// the bytes are the wire's, below every library; a transport without a wire (in-process) is the baseline of the
/// computing alone. One line per measurement, so a lab sheet can match it. Stateless and thread-safe.
/// </summary>
public static class SumSweep
{
    /// <summary>Room for two arrays of the largest size as text (JSON writes an int in up to 11 bytes), both ways.</summary>
    private const int BytesPerIntAtMost = 2 * 12;

    public static async Task<int> RunAsync(IReadOnlyList<IRpcTransport> transports, IReadOnlyList<int> sizes, IReadOnlyList<int> workers, int calls, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transports);
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var limit = (int)Math.Min(int.MaxValue, Math.Max(RpcLimits.DefaultMaxMessageSize, (long)sizes.Max() * BytesPerIntAtMost));
        var failed = false;
        foreach (var transport in transports)
        {
            try
            {
                await RunTransportAsync(transport, sizes, workers, calls, limit, output, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var rpc = RpcErrors.ToRpcException(e);
                await error.WriteLineAsync($"error: {transport.Name}: {rpc.Status}: {rpc.Detail}").ConfigureAwait(false);
                failed = true;
            }
        }

        return failed ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static async Task RunTransportAsync(IRpcTransport transport, IReadOnlyList<int> sizes, IReadOnlyList<int> workers, int calls, int limit, TextWriter output, CancellationToken cancellationToken)
    {
        await using var services = ServiceHost.Create(new ServiceOptions());
        await using var server = await transport.StartServerAsync(services.Services, new ServerOptions { Host = "127.0.0.1", Port = 0, MaxMessageSize = limit }, cancellationToken).ConfigureAwait(false);
        var counted = new WireBytes();
        await using var relay = transport.HasWire
            ? TcpRelay.Start(server.Host, server.Port, new TcpRelayOptions { OnClientToServer = c => counted.Add(RelayDirection.ClientToServer, c), OnServerToClient = c => counted.Add(RelayDirection.ServerToClient, c) })
            : null;
        await using var client = await transport.ConnectAsync(new ClientOptions { Host = relay?.Host ?? server.Host, Port = relay?.Port ?? server.Port, MaxMessageSize = limit }, cancellationToken).ConfigureAwait(false);
        foreach (var size in sizes)
        {
            var a = Enumerable.Range(0, size).ToArray();
            var b = Enumerable.Range(0, size).Select(i => 2 * i).ToArray();

            // Not measured: the first call of a size connects, jits and grows buffers.
            await CallAsync(client, a, b, workers[0], cancellationToken).ConfigureAwait(false);
            foreach (var asked in workers)
            {
                var (sentBefore, receivedBefore) = counted.Snapshot();
                var times = new List<TimeSpan>(calls);
                var ran = 0;
                for (var i = 0; i < calls; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    ran = await CallAsync(client, a, b, asked, cancellationToken).ConfigureAwait(false);
                    times.Add(Stopwatch.GetElapsedTime(started));
                }

                var (sent, received) = counted.Snapshot();
                times.Sort();
                var wire = transport.HasWire
                    ? string.Create(CultureInfo.InvariantCulture, $"{(sent - sentBefore) / calls:N0} bytes sent, {(received - receivedBefore) / calls:N0} received")
                    : "no wire (in-process)";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{transport.Name,-8} {size,9:N0} ints  {asked} workers ({ran} ran)  median {Show(times[times.Count / 2])}  per call: {wire}")).ConfigureAwait(false);
            }
        }
    }

    // One sum, checked: a wrong answer would make its time meaningless.
    private static async Task<int> CallAsync(IRpcClient client, int[] a, int[] b, int workers, CancellationToken cancellationToken)
    {
        var result = await client.Services.Sum.SumAsync(a, b, workers, cancellationToken).ConfigureAwait(false);
        var last = a.Length - 1;
        if (result.Sum.Length != a.Length || result.Sum[last] != (long)a[last] + b[last])
        {
            throw new InvalidOperationException($"the sum of {a.Length:N0} ints came back wrong ({result.Sum.Length:N0} items)");
        }

        return result.Workers;
    }

    private static string Show(TimeSpan time) => time.TotalMilliseconds < 1
        ? string.Create(CultureInfo.InvariantCulture, $"{time.TotalMicroseconds:0} us")
        : string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:0.0} ms");

    /// <summary>The bytes the relay forwarded each way, counted as they pass (none kept). Thread-safe.</summary>
    private sealed class WireBytes
    {
        private long _sent;
        private long _received;

        public void Add(RelayDirection direction, RelayChunk chunk)
        {
            if (direction == RelayDirection.ClientToServer)
            {
                Interlocked.Add(ref _sent, chunk.Data.Length);
            }
            else
            {
                Interlocked.Add(ref _received, chunk.Data.Length);
            }
        }

        public (long Sent, long Received) Snapshot() => (Interlocked.Read(ref _sent), Interlocked.Read(ref _received));
    }
}
