using System.Globalization;
using System.Net.Sockets;
using System.Text;
using RpcLab.Transports.Hosting;

namespace RpcLab.Network.Faults;

/// <summary>
/// The control port of a <see cref="FaultProxy"/>: a line protocol on loopback, so a test, a lab check or a person with
/// <c>nc</c> changes the faults while calls run. Each command is one line; each answer ends with a line that starts
/// <c>ok</c> or <c>error</c> (a <c>log</c> answer has the events' lines before it).
/// <list type="table">
/// <item><term><c>set WORDS...</c></term><description>changes the plan by <see cref="FaultWords"/> (<c>set down.loss=10% latency=5ms</c>); answers the whole plan.</description></item>
/// <item><term><c>next KIND</c></term><description>scripts <c>KIND</c> (request-lost, reply-lost, reset, half-open, duplicate) for the next request or reply the proxy reads.</description></item>
/// <item><term><c>clear</c></term><description>no fault any more (seed and framing kept).</description></item>
/// <item><term><c>plan</c></term><description>the plan, as words.</description></item>
/// <item><term><c>partition DURATION</c>, <c>heal</c></term><description>partitions every connection for that long; heals now.</description></item>
/// <item><term><c>status</c></term><description>connections, requests and replies seen, partitioned or not.</description></item>
/// <item><term><c>log [FROM]</c></term><description>the fault log from event FROM (0 = the first kept), one event a line.</description></item>
/// </list>
/// A line over <see cref="MaxLineBytes"/> or a wrong command is an error answer and the connection goes on; at most
/// <see cref="MaxConnections"/> control connections at once. Thread-safe; dispose to stop it.
/// </summary>
public sealed class FaultControl : IAsyncDisposable
{
    /// <summary>The longest command line.</summary>
    public const int MaxLineBytes = 4096;

    /// <summary>The most control connections at once.</summary>
    public const int MaxConnections = 8;

    private readonly FaultProxy _proxy;
    private readonly TcpAcceptLoop _loop;

    private FaultControl(FaultProxy proxy, string host, int port)
    {
        _proxy = proxy;
        var limiter = new ConnectionLimiter("proxy control", MaxConnections, MaxConnections, log: null, FileDescriptorLimit.Current);
        _loop = TcpAcceptLoop.Start(ListenAddress.Resolve(host), port, ServeAsync, limiter: limiter);
    }

    /// <summary>The control port (the OS's choice when started on 0).</summary>
    public int Port => _loop.Port;

    /// <summary>The control address.</summary>
    public string Host => _loop.Host;

    /// <summary>Starts the control port of <paramref name="proxy"/> on <paramref name="host"/>:<paramref name="port"/> (0 = any free port).</summary>
    public static FaultControl Start(FaultProxy proxy, int port, string host = "127.0.0.1")
    {
        ArgumentNullException.ThrowIfNull(proxy);
        return new FaultControl(proxy, host, port);
    }

    /// <summary>Runs one command line and returns its answer (the lines the port would send, the last one <c>ok ...</c> or <c>error ...</c>).</summary>
    public static IReadOnlyList<string> Execute(FaultProxy proxy, string line)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        ArgumentNullException.ThrowIfNull(line);
        var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return ["error empty command: set, next, clear, plan, partition, heal, status or log"];
        }

        try
        {
            switch (words[0].ToLowerInvariant())
            {
                case "set":
                    proxy.Plan = FaultWords.Apply(proxy.Plan, words[1..]);
                    return ["ok " + FaultWords.Format(proxy.Plan)];
                case "next" when words.Length == 2:
                    var kind = FaultScript.Parse(words[1] + ":1")[0].Kind;
                    if (proxy.Plan.Script.Count >= FaultScript.MaxEntries)
                    {
                        return [$"error the script is full ({FaultScript.MaxEntries} entries): clear it or set script=..."];
                    }

                    var number = kind == FaultKind.ReplyLost ? proxy.RepliesSeen + 1 : proxy.RequestsSeen + 1;
                    proxy.Plan = proxy.Plan with { Script = [.. proxy.Plan.Script, new ScriptedFault(kind, number)] };
                    return [Invariant($"ok {words[1].ToLowerInvariant()} at {(kind == FaultKind.ReplyLost ? "reply" : "request")} {number}")];
                case "clear":
                    proxy.Plan = FaultWords.Apply(proxy.Plan, ["clear"]);
                    return ["ok " + FaultWords.Format(proxy.Plan)];
                case "plan":
                    return ["ok " + FaultWords.Format(proxy.Plan)];
                case "partition" when words.Length == 2:
                    var duration = FaultWords.ParseDuration(words[1], "partition");
                    if (duration <= TimeSpan.Zero)
                    {
                        return ["error partition needs a duration above zero"];
                    }

                    proxy.Partition(duration);
                    return [Invariant($"ok partitioned for {duration.TotalMilliseconds:0} ms")];
                case "heal":
                    proxy.Heal();
                    return ["ok healed"];
                case "status":
                    return [Invariant($"ok connections={proxy.ConnectionCount} requests={proxy.RequestsSeen} replies={proxy.RepliesSeen} partitioned={(proxy.IsPartitioned ? "yes" : "no")} faults={proxy.Log.Events.Count}")];
                case "log":
                    var from = words.Length > 1 && int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : 0;
                    var events = proxy.Log.Events;
                    var lines = events.Skip(from).Select(e => e.ToString()).ToList();
                    lines.Add(Invariant($"ok {lines.Count} events from {Math.Min(from, events.Count)}"));
                    return lines;
                default:
                    return [$"error unknown command '{LogText.Escape(words[0])}' (or a missing value): set WORDS, next KIND, clear, plan, partition DURATION, heal, status, log [FROM]"];
            }
        }
        catch (FormatException e)
        {
            return ["error " + LogText.Escape(e.Message)];
        }
    }

    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var line = new List<byte>();
        var buffer = new byte[1024];
        var tooLong = false;
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (b != '\n')
                {
                    tooLong |= line.Count >= MaxLineBytes;
                    if (!tooLong)
                    {
                        line.Add(b);
                    }

                    continue;
                }

                IReadOnlyList<string> answer = tooLong
                    ? [Invariant($"error a command is at most {MaxLineBytes} bytes")]
                    : Execute(_proxy, Encoding.UTF8.GetString([.. line]).TrimEnd('\r'));
                line.Clear();
                tooLong = false;
                await stream.WriteAsync(Encoding.UTF8.GetBytes(string.Join('\n', answer) + "\n"), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
