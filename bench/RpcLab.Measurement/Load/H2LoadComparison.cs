using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf;
using RpcLab.Measurement.Results;
using RpcLab.Transports.Grpc.Protos.Echo;

namespace RpcLab.Measurement.Load;

/// <summary>
/// <c>rpclab bench h2load</c>: checks that the load generator measures the server, not itself. h2load
/// (nghttp2's HTTP/2 load tool, written in C) and <c>rpclab bench load</c> load the same gRPC server with
/// the same connections and streams per connection for the same time, in turn; the ratio of their request
/// rates is the figure. h2load posts the gRPC-framed EchoRequest to echo's Reverse method
/// (the same call as the sweep's) and counts HTTP 200 answers. Stateless and thread-safe.
/// </summary>
public static partial class H2LoadComparison
{
    public const string H2LoadTool = "h2load";

    public const string RpclabTool = "rpclab";

    /// <summary>h2load on PATH, or null (Debian package nghttp2-client).</summary>
    public static string? FindH2Load() => SearchPath.Find("h2load");

    /// <summary>The gRPC request h2load sends: echo's Reverse with the sweep's message, as a length-prefixed protobuf message.</summary>
    public static (string Path, byte[] Body) EchoRequestFrame()
    {
        var method = EchoReflection.Descriptor.Services.Single().FindMethodByName("Reverse");
        return ($"/{method.Service.FullName}/{method.Name}", LengthPrefixed(new EchoRequest { Message = SmallCall.Message }));
    }

    /// <summary>
    /// <paramref name="message"/> as one gRPC length-prefixed message (flag 0, 4-byte big-endian length, the protobuf
    /// bytes): the body a hand-made gRPC request needs, which grpc-dotnet writes for its own calls but does not expose.
    /// </summary>
    public static byte[] LengthPrefixed(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bytes = message.ToByteArray();
        var frame = new byte[5 + bytes.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)bytes.Length);
        bytes.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>
    /// Runs h2load, then the load generator, against the server of <paramref name="target"/>, <paramref name="rounds"/>
    /// times in turn, and keeps each tool's best round (on a shared machine other work only ever slows a round down,
    /// so the best is the least disturbed); h2load's row first.
    /// </summary>
    public static async Task<IReadOnlyList<H2LoadRow>> RunAsync(
        ILoadTarget target, int connections, int streams, TimeSpan duration, TimeSpan warmup, int rounds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var h2load = FindH2Load() ?? throw new InvalidOperationException("h2load is not installed (Debian package nghttp2-client: apt-get install nghttp2-client)");

        // One call first, so that neither tool pays for the server's first request (code not yet compiled, pools
        // empty): h2load counts nothing it has not finished inside its measured time.
        await using (var first = await target.ConnectAsync(cancellationToken).ConfigureAwait(false))
        {
            await first.CallAsync(cancellationToken).ConfigureAwait(false);
        }

        var (path, body) = EchoRequestFrame();
        var bodyFile = Path.Combine(Path.GetTempPath(), $"rpclab-h2load-{Environment.ProcessId}.bin");
        await File.WriteAllBytesAsync(bodyFile, body, cancellationToken).ConfigureAwait(false);
        H2LoadRow? theirs = null;
        H2LoadRow? ours = null;
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                var h2loadRound = await RunH2LoadAsync(h2load, bodyFile, target.Host, target.Port, path, connections, streams, duration, warmup, target.Transport, target.Server, rounds, cancellationToken).ConfigureAwait(false);
                var cpuBefore = ProcessorTime.OfThisProcess();
                var run = await LoadRunner.StartAsync(target, new LoadSettings { Concurrency = connections * streams, Connections = connections, Duration = duration, Warmup = warmup }, cancellationToken).ConfigureAwait(false);
                var row = await run.Result.ConfigureAwait(false);
                var cpu = ProcessorTime.OfThisProcess() - cpuBefore;
                var ourRound = new H2LoadRow(RpclabTool, target.Transport, target.Server, connections, streams, duration.TotalSeconds, rounds, row.Requests, row.Errors, row.ThroughputRps, ProcessorTime.PerCallUs(cpu, row.ThroughputRps, duration, warmup));
                theirs = theirs is null || h2loadRound.ThroughputRps > theirs.ThroughputRps ? h2loadRound : theirs;
                ours = ours is null || ourRound.ThroughputRps > ours.ThroughputRps ? ourRound : ours;
            }
        }
        finally
        {
            File.Delete(bodyFile);
        }

        return [theirs!, ours!];
    }

    private static async Task<H2LoadRow> RunH2LoadAsync(
        string h2load, string bodyFile, string host, int port, string path, int connections, int streams, TimeSpan duration, TimeSpan warmup, string transport, string server, int rounds, CancellationToken cancellationToken)
    {
        var url = string.Create(CultureInfo.InvariantCulture, $"http://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}{path}");
        var arguments = new List<string>
        {
            "-c", Number(connections), "-m", Number(streams),
            "-D", Durations.Format(duration),
            "-H", "content-type: application/grpc", "-H", "te: trailers",
            "-d", bodyFile,
        };
        if (warmup > TimeSpan.Zero)
        {
            arguments.AddRange(["--warm-up-time", Durations.Format(warmup)]);
        }

        arguments.Add(url);
        var start = new ProcessStartInfo(h2load, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var childrenBefore = ProcessorTime.OfFinishedChildren();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start h2load");
        var errorText = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);

        // Once waited for, h2load's CPU time counts among this process's finished children (servers still run).
        var cpu = ProcessorTime.OfFinishedChildren() - childrenBefore;
        var finished = FinishedPattern().Match(output);
        var requests = RequestsPattern().Match(output);
        if (process.ExitCode != 0 || !finished.Success || !requests.Success)
        {
            throw new InvalidOperationException($"h2load failed (exit code {process.ExitCode}):\n{output}{await errorText.ConfigureAwait(false)}");
        }

        var succeeded = long.Parse(requests.Groups["succeeded"].Value, CultureInfo.InvariantCulture);
        if (succeeded == 0)
        {
            throw new InvalidOperationException($"h2load got no successful answer from {url}: is it a gRPC server?\n{output}");
        }

        var failed = long.Parse(requests.Groups["failed"].Value, CultureInfo.InvariantCulture) + long.Parse(requests.Groups["errored"].Value, CultureInfo.InvariantCulture);
        var rate = double.Parse(finished.Groups["rate"].Value, CultureInfo.InvariantCulture);
        return new H2LoadRow(H2LoadTool, transport, server, connections, streams, duration.TotalSeconds, rounds, succeeded, failed, rate, ProcessorTime.PerCallUs(cpu, rate, duration, warmup));
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    // "finished in 10.00s, 139876.40 req/s, 5.07MB/s"
    [GeneratedRegex(@"finished in [^,]+, (?<rate>[\d.]+) req/s")]
    private static partial Regex FinishedPattern();

    // "requests: 1398764 total, 1398804 started, 1398764 done, 1398764 succeeded, 0 failed, 0 errored, 0 timeout"
    [GeneratedRegex(@"requests: \d+ total, \d+ started, \d+ done, (?<succeeded>\d+) succeeded, (?<failed>\d+) failed, (?<errored>\d+) errored")]
    private static partial Regex RequestsPattern();
}
