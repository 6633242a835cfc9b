using System.Diagnostics;
using System.Net.Sockets;
using RpcLab.Composition;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Raw.Cluster;

namespace RpcLab.Measurement.Reliability;

/// <summary>
/// The parsers section: for every transport with a wire, the bytes its own client sends for one call (as the client's
/// wire tap shows them: the framing too where the transport frames by itself, JSON-RPC's handler, raw frames, rpyc's
/// brine) are mutated with a seed and sent, each on a fresh TCP connection whose sending half is then closed. A hang is a
/// connection the server neither answers to the end nor closes within <see cref="ReliabilitySettings.HangAfter"/>; a
/// crash is a server that no longer answers a normal call afterwards (client and server share this process, so an
/// unhandled exception would end the run). init.yaml is mutated as text and read by the cluster's own parser: a crash
/// there is any exception but its <see cref="ConfigException"/>.
/// </summary>
internal static class ParserProbe
{
    private const int Parallel = 32;

    private const string InitYaml = """
        network:
          servers:
            s1: {ip: 127.0.0.1, port: 8181}
            s2: {ip: 127.0.0.1, port: 8282}
          clients:
            c1: {ip: 127.0.0.1, port: 6000}
        service:
          service1: {providers: [s1, s2], tenants: [c1], rpcs: [add, greet]}
        rpc:
          service1:
            add: {args: [int, int], returns: [int], src: add.cs}
            greet: {args: [str], returns: [str], src: greet.cs}
        """;

    public static async Task<List<Figure>> RunAsync(ReliabilitySettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        var figures = new List<Figure>();
        foreach (var transport in TransportRegistry.All.Where(t => t.HasWire))
        {
            using var memory = new MemoryPeak();
            await using var server = await ScratchServer.StartAsync(transport, null, cancellationToken).ConfigureAwait(false);
            var valid = await CaptureAsync(server, cancellationToken).ConfigureAwait(false);
            var hangs = 0;
            var inputs = Enumerable.Range(0, settings.MutatedInputs).Select(i => new Mutator(settings.Seed * 1_000_003 + i).Mutate(valid)).ToList();
            await System.Threading.Tasks.Parallel.ForEachAsync(inputs, new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = cancellationToken }, async (input, token) =>
            {
                if (!await SendAsync(server.Server.Port, input, settings.HangAfter, token).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref hangs);
                }
            }).ConfigureAwait(false);
            var crashes = await server.ServesAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false) ? 0 : 1;
            figures.AddRange(Figures(transport.Name, inputs.Count, crashes, hangs, memory.Mebibytes));
            await log.WriteLineAsync($"parsers: {transport.Name}: {inputs.Count} mutated inputs of {valid.Length} bytes, {crashes} crashes, {hangs} hangs").ConfigureAwait(false);
        }

        figures.AddRange(await InitYamlAsync(settings, log).ConfigureAwait(false));
        return figures;
    }

    private static IEnumerable<Figure> Figures(string subject, int inputs, int crashes, int hangs, double mebibytes) =>
    [
        new("parsers", subject, "mutated inputs", inputs),
        new("parsers", subject, "crashes", crashes, 0),
        new("parsers", subject, "hangs", hangs, 0),
        new("parsers", subject, "peak memory (MiB)", Math.Round(mebibytes)),
    ];

    /// <summary>The bytes the transport's client sends for echo.reverse("hello"), in order.</summary>
    private static async Task<byte[]> CaptureAsync(ScratchServer server, CancellationToken cancellationToken)
    {
        var sent = new List<byte>();
        await using (var client = await server.Transport.ConnectAsync(server.Client with
        {
            WireTap = (direction, bytes) =>
            {
                if (direction == WireDirection.Sent)
                {
                    lock (sent)
                    {
                        sent.AddRange(bytes.ToArray());
                    }
                }
            },
        }, cancellationToken).ConfigureAwait(false))
        {
            await client.Services.Echo.ReverseAsync("hello", cancellationToken).ConfigureAwait(false);
        }

        lock (sent)
        {
            return sent.Count > 0 ? [.. sent] : throw new InvalidOperationException($"the {server.Transport.Name} client's wire tap showed no bytes");
        }
    }

    /// <summary>Sends <paramref name="input"/>, closes the sending half, reads until the server closes; false when it neither finishes nor closes in time.</summary>
    private static async Task<bool> SendAsync(int port, byte[] input, TimeSpan hangAfter, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(hangAfter);
        try
        {
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, port, deadline.Token).ConfigureAwait(false);
            try
            {
                await socket.SendAsync(input, SocketFlags.None, deadline.Token).ConfigureAwait(false);
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // The server hung up on an early byte: it has already answered.
                return true;
            }

            var buffer = new byte[16 * 1024];
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token).ConfigureAwait(false) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            // Reset by the server: closed, which is an answer.
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<List<Figure>> InitYamlAsync(ReliabilitySettings settings, TextWriter log)
    {
        using var memory = new MemoryPeak();
        var folder = Directory.CreateTempSubdirectory("rpclab-reliability-yaml-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "add.cs"), "int add(int a, int b) => a + b;").ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "greet.cs"), "string greet(string name) => \"hello \" + name;").ConfigureAwait(false);
            return await InitYamlAsync(settings, Path.Combine(folder.FullName, "init.yaml"), memory, log).ConfigureAwait(false);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<List<Figure>> InitYamlAsync(ReliabilitySettings settings, string path, MemoryPeak memory, TextWriter log)
    {
        var valid = System.Text.Encoding.UTF8.GetBytes(InitYaml);
        _ = ClusterConfig.Parse(InitYaml, path); // The seed itself must be valid, or every mutation proves nothing.
        int crashes = 0, hangs = 0;
        for (var i = 0; i < settings.MutatedInputs; i++)
        {
            var text = System.Text.Encoding.UTF8.GetString(new Mutator(settings.Seed * 1_000_003 + i).Mutate(valid));
            var parse = Task.Run(() =>
            {
                try
                {
                    ClusterConfig.Parse(text, path);
                }
                catch (ConfigException)
                {
                    // A clear refusal: what a wrong file should get.
                }
            });
            var started = Stopwatch.GetTimestamp();
            try
            {
                await parse.WaitAsync(settings.HangAfter).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                hangs++;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                crashes++;
                if (crashes <= 3)
                {
                    await log.WriteLineAsync($"parsers: init.yaml: input {i} threw {e.GetType().Name} after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms: {e.Message} at {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}").ConfigureAwait(false);
                }
            }
        }

        await log.WriteLineAsync($"parsers: init.yaml: {settings.MutatedInputs} mutated files, {crashes} crashes, {hangs} hangs").ConfigureAwait(false);
        return [.. Figures("init.yaml", settings.MutatedInputs, crashes, hangs, memory.Mebibytes)];
    }
}
