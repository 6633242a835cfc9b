using RpcLab.Composition;
using RpcLab.Measurement.Results;
using RpcLab.Services;
using RpcLab.Transports.Hosting;

namespace RpcLab.Measurement.Load;

/// <summary>
/// <c>rpclab bench load</c>: every chosen server at every concurrency, one run after another, each server
/// started before its runs and stopped after them. Our servers run in a child process
/// (<c>rpclab bench serve</c>, which logs nothing per call), as a foreign server does, so the load generator
/// and the server share no thread pool or heap; only a transport without a wire is served in this process.
/// Stateless and thread-safe.
/// </summary>
public static class LoadSweep
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The servers <paramref name="options"/> asks for, in the order they run: floor, baselines, then each transport's server and its foreign ones.</summary>
    public static IReadOnlyList<SweepTarget> Targets(SweepOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.External is var (host, port))
        {
            return [.. options.Transports.Select(t => new SweepTarget(t.Name, LoadServers.External, _ => Task.FromResult<ILoadTarget>(new TransportTarget(t, host, port, LoadServers.External, null))))];
        }

        var targets = new List<SweepTarget>();
        if (options.Baselines)
        {
            targets.Add(new SweepTarget(LoadServers.FloorTransport, LoadServers.Bare, StartFloorAsync));
            targets.AddRange(TransportRegistry.All.Where(t => !t.HasWire && !options.Transports.Contains(t))
                .Select(t => new SweepTarget(t.Name, LoadServers.Ours, async ct => await StartOursAsync(t, ct).ConfigureAwait(false))));
        }

        foreach (var transport in options.Transports)
        {
            targets.Add(new SweepTarget(transport.Name, LoadServers.Ours, async ct => await StartOursAsync(transport, ct).ConfigureAwait(false)));
            if (options.Foreign)
            {
                targets.AddRange(ForeignServers.All
                    .Where(f => string.Equals(f.Transport, transport.Name, StringComparison.OrdinalIgnoreCase))
                    .Select(f => new SweepTarget(transport.Name, f.Name, ct => StartForeignAsync(f, transport, ct), f.MaxConcurrency)));
            }
        }

        return targets;
    }

    public static async Task<SweepOutcome> RunAsync(SweepOptions options, ISweepObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var rows = new List<LoadRow>();
        var skipped = new List<RunNote>();
        // Round by round, every server in each: a server and its yardstick are loaded back to back, so the
        // ratio of the two within a round is not skewed by what the machine did minutes apart.
        for (var round = 1; round <= Math.Max(1, options.Rounds); round++)
        {
            foreach (var target in Targets(options))
            {
                await RunTargetAsync(target, options, round, observer, rows, skipped, cancellationToken).ConfigureAwait(false);
            }
        }

        return new SweepOutcome(rows, skipped.DistinctBy(n => n.What).ToList());
    }

    /// <summary>One server, started afresh, at every concurrency of <paramref name="options"/>: its rows are of <paramref name="round"/>.</summary>
    private static async Task RunTargetAsync(SweepTarget target, SweepOptions options, int round, ISweepObserver observer, List<LoadRow> rows, List<RunNote> skipped, CancellationToken cancellationToken)
    {
        var concurrencies = target.ConcurrencyOf(options.Concurrency);
        if (concurrencies.Count == 0)
        {
            return;
        }

        var started = await target.TryStartAsync(target.Label, note => { skipped.Add(note); observer.Skipped(note); }, cancellationToken).ConfigureAwait(false);
        if (started is null)
        {
            return;
        }

        await using (started.ConfigureAwait(false))
        {
            var first = true;
            foreach (var concurrency in concurrencies)
            {
                var settings = options.Settings(concurrency);
                if (first)
                {
                    settings = settings with { Warmup = settings.Warmup + options.ServerWarmup };
                    first = false;
                }

                var run = await LoadRunner.StartAsync(started, settings, cancellationToken).ConfigureAwait(false);
                rows.Add(await observer.WatchAsync(run).ConfigureAwait(false) with { Round = round });
            }
        }
    }

    /// <summary>The arguments of <c>rpclab bench serve</c> for <paramref name="transport"/> (null: the floor).</summary>
    public static string[] ServeArguments(string? transport) =>
        transport is null
            ? ["bench", "serve", "--floor", "--host", "127.0.0.1", "--port", "0", "--until-stdin-closes"]
            : ["bench", "serve", "--transport", transport, "--host", "127.0.0.1", "--port", "0", "--until-stdin-closes"];

    private static async Task<ILoadTarget> StartFloorAsync(CancellationToken cancellationToken)
    {
        var server = await StartRpclabAsync(ServeArguments(null), cancellationToken).ConfigureAwait(false);
        return new FloorTarget("127.0.0.1", server.Port, server);
    }

    /// <summary>Our server of <paramref name="transport"/>: a child <c>rpclab bench serve</c>, or in this process when it has no wire.</summary>
    public static async Task<TransportTarget> StartOursAsync(IRpcTransport transport, CancellationToken cancellationToken)
    {
        if (transport.HasWire)
        {
            var server = await StartRpclabAsync(ServeArguments(transport.Name), cancellationToken).ConfigureAwait(false);
            return new TransportTarget(transport, "127.0.0.1", server.Port, LoadServers.Ours, server);
        }

        // No wire: only this process can call it.
        var host = ServiceHost.Create(new ServiceOptions());
        try
        {
            var running = await transport.StartServerAsync(host.Services, new ServerOptions(), cancellationToken).ConfigureAwait(false);
            return new TransportTarget(transport, running.Host, running.Port, LoadServers.Ours, new Owned(running, host));
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<ILoadTarget> StartForeignAsync(ForeignServer foreign, IRpcTransport transport, CancellationToken cancellationToken)
    {
        if (foreign.Problem is { } problem)
        {
            throw new InvalidOperationException($"not installed: {problem}");
        }

        var server = await foreign.StartAsync(cancellationToken).ConfigureAwait(false);
        return new TransportTarget(transport, "127.0.0.1", server.Port, foreign.Name, server);
    }

    private static Task<ServerProcess> StartRpclabAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var (fileName, prefix) = RpclabProcess.CommandLine();
        return ServerProcess.StartAsync(
            fileName,
            [.. prefix, .. arguments],
            line => ListeningLine.TryParse(line, out var endpoint) ? endpoint.Port : null,
            StartTimeout,
            cancellationToken);
    }

    /// <summary>An in-process server and the services it serves, stopped together.</summary>
    private sealed class Owned(IRpcServer server, ServiceHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await server.DisposeAsync().ConfigureAwait(false);
            await host.DisposeAsync().ConfigureAwait(false);
        }
    }
}
