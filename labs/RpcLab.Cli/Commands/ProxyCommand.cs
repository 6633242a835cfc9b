using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using RpcLab.Network.Faults;

namespace RpcLab.Cli.Commands;

/// <summary>
/// <c>rpclab proxy --listen P --to HOST:Q [faults...] [--seed N] [--script S] [--frames F] [--control C]</c>: the fault
/// proxy (<see cref="FaultProxy"/>) in front of any server, until Ctrl+C, printing every fault it applies as it
/// applies it. The fault words and the script grammar are <see cref="FaultWords"/>' and <see cref="FaultScript"/>'; the
/// control port's commands <see cref="FaultControl"/>'s. Exit code 0 when stopped, 1 for a wrong command line or a port
/// that cannot be bound.
/// </summary>
public static class ProxyCommand
{
    public static Command Create()
    {
        var listen = new Option<int>("--listen", "-l")
        {
            Description = "The port clients connect to, on 127.0.0.1 (0: any free port, printed).",
            Required = true,
            CustomParser = WholeNumber.RequiredParser("--listen", 0, 65535, "between 0 and 65535"),
        };
        var to = new Option<string>("--to") { Description = "The server, HOST:PORT (127.0.0.1:50051).", Required = true };
        var faults = new Argument<string[]>("faults")
        {
            Description = "Faults as name=value, for both directions or prefixed up. (requests) or down. (replies): "
                + "latency=20ms jitter=7ms bandwidth=64k slice=16 slice-delay=1ms loss=10% reset=5% duplicate=5% "
                + "long-delay=66% long-delay-min=200ms long-delay-max=2200ms limit-data=10k; presets labrpc "
                + "(0-27 ms, 10% of requests and replies lost), long-reordering, clear. Unframed, a lost request closes the "
                + "connection before its first byte and a lost reply resets it after the server answered.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var seed = new Option<int?>("--seed") { Description = "The seed of every random fault: the same seed and traffic give the same fault log." };
        var script = new Option<string?>("--script")
        {
            Description = "Faults at known messages, comma-separated kind:N[+duration], N counted from 1 over all connections: "
                + "request-lost:N reply-lost:N (the Nth reply) reset:N half-open:N duplicate:N delay:N+300ms partition:N+3s. "
                + "Example: reply-lost:2,partition:5+3s.",
        };
        var frames = new Option<string?>("--frames")
        {
            Description = "Message framing, so single messages are lost, duplicated, delayed and reordered: raw (4-byte length), "
                + "content-length (JSON-RPC headers), newline; none (default) works on bytes under any transport.",
        };
        frames.AcceptOnlyFromAmong("none", "raw", "content-length", "newline");
        var control = new Option<int?>("--control")
        {
            Description = "A control port on 127.0.0.1 (a line protocol: set WORDS, next KIND, clear, plan, partition 3s, heal, status, log).",
            CustomParser = WholeNumber.Parser("--control", 0, 65535, "between 0 and 65535"),
        };

        var command = new Command("proxy", "Forward TCP to a server through faults: delays, bandwidth, lost requests and replies, resets, partitions, reordering.")
        {
            listen, to, faults, seed, script, frames, control,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var words = new List<string>(parseResult.GetValue(faults) ?? []);
            if (parseResult.GetValue(seed) is { } s)
            {
                words.Add(string.Create(CultureInfo.InvariantCulture, $"seed={s}"));
            }

            if (parseResult.GetValue(frames) is { } f)
            {
                words.Add($"frames={f}");
            }

            if (parseResult.GetValue(script) is { } sc)
            {
                words.Add($"script={sc}");
            }

            FaultPlan plan;
            try
            {
                plan = FaultWords.Apply(FaultPlan.None, words);
            }
            catch (FormatException e)
            {
                await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            if (!TryParseTarget(parseResult.GetValue(to)!, out var host, out var port))
            {
                await error.WriteLineAsync("error: --to must be HOST:PORT, as in 127.0.0.1:50051").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            return await RunAsync(new FaultProxyOptions { UpstreamHost = host, UpstreamPort = port, ListenPort = parseResult.GetValue(listen), Plan = plan }, parseResult.GetValue(control), output, error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    public static async Task<int> RunAsync(FaultProxyOptions options, int? controlPort, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var printing = new object();
        void Print(string line)
        {
            lock (printing)
            {
                output.WriteLine(line);
                output.Flush();
            }
        }

        FaultProxy proxy;
        try
        {
            proxy = await FaultProxy.StartAsync(options with { OnFault = e => Print(e.ToString()) }, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            await error.WriteLineAsync($"error: could not listen on 127.0.0.1:{options.ListenPort}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        await using (proxy.ConfigureAwait(false))
        {
            FaultControl? controlServer = null;
            try
            {
                if (controlPort is { } c)
                {
                    try
                    {
                        controlServer = FaultControl.Start(proxy, c);
                    }
                    catch (SocketException e)
                    {
                        await error.WriteLineAsync($"error: could not listen for control on 127.0.0.1:{c}: {e.Message}").ConfigureAwait(false);
                        return ExitCodes.Failed;
                    }
                }

                Print($"rpclab proxy on {proxy.Host}:{proxy.Port} -> {options.UpstreamHost}:{options.UpstreamPort}");
                Print($"faults: {FaultWords.Format(proxy.Plan)}");
                if (controlServer is not null)
                {
                    Print($"control on {controlServer.Host}:{controlServer.Port} (set WORDS, next KIND, clear, plan, partition DURATION, heal, status, log)");
                }

                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: stop.
                }

                Print($"rpclab proxy stopped: {proxy.Log.Events.Count} faults applied");
                return ExitCodes.Ok;
            }
            finally
            {
                if (controlServer is not null)
                {
                    await controlServer.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private static bool TryParseTarget(string text, out string host, out int port)
    {
        var colon = text.LastIndexOf(':');
        host = colon > 0 ? text[..colon].Trim('[', ']') : string.Empty;
        port = 0;
        return colon > 0 && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
    }
}
