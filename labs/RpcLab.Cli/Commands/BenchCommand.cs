using System.CommandLine;
using System.Globalization;
using RpcLab.Cli.Calls;
using RpcLab.Cli.Options;
using RpcLab.Composition;
using RpcLab.Measurement.Load;
using RpcLab.Measurement.Results;
using Spectre.Console;

namespace RpcLab.Cli.Commands;

/// <summary>
/// <c>rpclab bench</c>: the measurements. <c>load</c> (the load sweep), <c>micro</c> (the BenchmarkDotNet
/// suite), <c>h2load</c> (the load generator checked against h2load), <c>all</c> (all three into a results
/// folder for <c>rpclab report</c>), <c>sum</c> (the parallel sum by size, workers and transport, with its bytes on
/// the wire), and the hidden <c>serve</c> that the sweep starts its servers with.
/// </summary>
public static class BenchCommand
{
    /// <summary>The verbs that run the load generator, which runs in a process of its own settings (<see cref="GeneratorRuntime"/>).</summary>
    private static readonly string[] LoadGeneratorVerbs = ["load", "h2load", "all"];

    /// <summary>True when <paramref name="args"/> (rpclab's command line) run the load generator.</summary>
    public static bool RunsLoadGenerator(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Count >= 2 && args[0] == "bench" && LoadGeneratorVerbs.Contains(args[1], StringComparer.Ordinal);
    }

    public static Command Create()
    {
        var command = new Command("bench", "Measure: a load sweep, the micro-benchmarks, the load generator against h2load, or all of them for a report.");
        command.Subcommands.Add(LoadVerb());
        command.Subcommands.Add(MicroVerb());
        command.Subcommands.Add(H2LoadVerb());
        command.Subcommands.Add(AllVerb());
        command.Subcommands.Add(SumVerb());
        command.Subcommands.Add(ServeVerb());
        return command;
    }

    private static Command LoadVerb()
    {
        var sweep = new SweepCommandOptions("10s");
        var (host, port) = RunningServer("Load a server that is already running (ours or anyone's) on this port, with the one --transport whose client speaks to it; no server is started.");
        var output = new Option<string?>("--out", "-o") { Description = "Write the results to this CSV file (and the machine, commit and command beside it, as .json)." };
        var command = new Command("load", "A load sweep in the manner of ghz and h2load: each server at each concurrency; throughput, errors, latency percentiles.");
        sweep.AddTo(command);
        command.Options.Add(host);
        command.Options.Add(port);
        command.Options.Add(output);
        command.Validators.Add(result =>
        {
            var transports = result.GetValue(sweep.Transport) ?? SweepCommandOptions.All;
            if (result.GetValue(port) is not null && (transports.Equals(SweepCommandOptions.All, StringComparison.OrdinalIgnoreCase) || transports.Contains(',', StringComparison.Ordinal)))
            {
                result.AddError("--port loads one running server: name its one --transport");
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = sweep.Get(parseResult, External(parseResult, host, port));
            return await RunSweepAsync(options, parseResult.GetValue(output), CommandLine(parseResult), parseResult, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command MicroVerb()
    {
        var micro = new MicroOptions();
        var output = new Option<string?>("--out", "-o") { Description = "Also write micro.csv (and micro.json: machine, commit, command) to this folder, for rpclab report." };
        var extra = new Argument<string[]>("benchmarkdotnet-arguments") { Description = "More BenchmarkDotNet options, after --.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("micro", "The BenchmarkDotNet suite (bench/RpcLab.Bench): latency beside a TCP floor, payload, thread scaling, streaming.");
        micro.AddTo(command);
        command.Options.Add(output);
        command.Arguments.Add(extra);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await micro.RunAsync(parseResult, parseResult.GetValue(output), CommandLine(parseResult), parseResult.GetValue(extra) ?? [], cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
        });
        return command;
    }

    private static Command H2LoadVerb()
    {
        var h2load = new H2LoadOptions();
        var (host, port) = RunningServer("Load a gRPC server that is already running on this port instead of starting ours and the foreign ones.");
        var noForeign = new Option<bool>("--no-foreign") { Description = "Only our server, not the foreign servers of the same protocol (Python grpcio, grpc-js, bare grpc-dotnet)." };
        var output = new Option<string?>("--out", "-o") { Description = "Write the rows to this CSV file (and the machine, commit and command beside it, as .json)." };
        var command = new Command("h2load", "Check the load generator against h2load: both load the same gRPC server with the same connections and streams; the ratio of their request rates, per server.");
        h2load.AddTo(command);
        command.Options.Add(host);
        command.Options.Add(port);
        command.Options.Add(noForeign);
        command.Options.Add(output);
        command.SetAction(async (parseResult, cancellationToken) =>
            await RunH2LoadAsync(h2load, External(parseResult, host, port), !parseResult.GetValue(noForeign), parseResult.GetValue(output), CommandLine(parseResult), parseResult, cancellationToken).ConfigureAwait(false));
        return command;
    }

    private static Command AllVerb()
    {
        // Three rounds of 2 s runs: the report takes medians of rounds, and a whole `bench all` still fits about 20 minutes.
        var sweep = new SweepCommandOptions("2s", defaultRounds: 3);
        var micro = new MicroOptions();
        var h2load = new H2LoadOptions();
        var output = new Option<string>("--out", "-o") { Description = "The report folder: results go to its results/ (then: rpclab report).", DefaultValueFactory = _ => "reports" };
        var noMicro = new Option<bool>("--no-micro") { Description = "Leave out the BenchmarkDotNet suite." };
        var noH2Load = new Option<bool>("--no-h2load") { Description = "Leave out the check against h2load." };
        var command = new Command("all", "Everything a report needs, into <out>/results: the load sweep, the check against h2load and the BenchmarkDotNet suite.");
        sweep.AddTo(command);
        h2load.AddTo(command);
        micro.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(noMicro);
        command.Options.Add(noH2Load);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var results = Path.Combine(parseResult.GetValue(output)!, ResultsFiles.Folder);
            var commandLine = CommandLine(parseResult);
            var console = Ui.Create(parseResult.InvocationConfiguration.Output);
            var options = sweep.Get(parseResult);
            Ui.Heading(console, "load sweep", major: true);
            var code = await RunSweepAsync(options, Path.Combine(results, ResultsFiles.Load), commandLine, parseResult, cancellationToken).ConfigureAwait(false);
            if (!parseResult.GetValue(noH2Load))
            {
                Ui.Heading(console, "the load generator against h2load", major: true);
                var h2loadCode = await RunH2LoadAsync(h2load, null, options.Foreign, Path.Combine(results, ResultsFiles.H2Load), commandLine, parseResult, cancellationToken, options.Warmup).ConfigureAwait(false);
                code = Math.Max(code, h2loadCode);
            }

            if (!parseResult.GetValue(noMicro))
            {
                Ui.Heading(console, "micro-benchmarks", major: true);
                code = Math.Max(code, await micro.RunAsync(parseResult, results, commandLine, [], cancellationToken).ConfigureAwait(false));
            }

            console.WriteLine($"results in {Path.GetFullPath(results)}; render the report with: rpclab report --results {results} --out {parseResult.GetValue(output)}");
            return code;
        });
        return command;
    }

    private static Command SumVerb()
    {
        var transports = new SweepCommandOptions("1s").Transport;
        var sizes = new Option<int[]>("--sizes")
        {
            Description = "The array sizes, in ints.",
            DefaultValueFactory = _ => [10, 1_000, 100_000, 1_000_000],
            CustomParser = OptionParsers.WholeNumbers("--sizes", 1, 10_000_000),
        };
        var workers = new Option<int[]>("--workers", "-w")
        {
            Description = "The numbers of workers the server sums with.",
            DefaultValueFactory = _ => [1, 2],
            CustomParser = OptionParsers.WholeNumbers("--workers", 1, 64),
        };
        var calls = new Option<int>("--calls", "-n")
        {
            Description = "Measured calls per size and workers (after one call that is not measured); the median is shown.",
            DefaultValueFactory = _ => 5,
            CustomParser = WholeNumber.RequiredParser("--calls", 1, 1000, "a whole number from 1 to 1000"),
        };
        var command = new Command("sum", "The parallel sum at each size and number of workers over each transport and in-process: the median time of a call and its bytes on the wire.");
        command.Options.Add(transports);
        command.Options.Add(sizes);
        command.Options.Add(workers);
        command.Options.Add(calls);
        command.SetAction((parseResult, cancellationToken) =>
        {
            // The in-process call last, as the baseline: the computing and copying without a wire.
            var chosen = SweepCommandOptions.Transports(parseResult.GetValue(transports)!).Concat(TransportRegistry.All.Where(t => !t.HasWire)).Distinct().ToList();
            return SumSweep.RunAsync(chosen, parseResult.GetValue(sizes)!, parseResult.GetValue(workers)!, parseResult.GetValue(calls), parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    private static Command ServeVerb()
    {
        var transport = new Option<string?>("--transport", "-t") { Description = "The transport to serve." };
        transport.AcceptOnlyFromAmong([.. TransportRegistry.Names]);
        var floor = new Option<bool>("--floor") { Description = "Serve the latency floor (a bare TCP echo) instead of a transport." };
        var host = new Option<string>("--host") { DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port", "-p") { DefaultValueFactory = _ => 0, CustomParser = WholeNumber.RequiredParser("--port", 0, 65535, "between 0 and 65535") };
        var untilStdinCloses = new Option<bool>("--until-stdin-closes");
        var command = new Command("serve", "A server for load runs: no call log, data in memory (or the floor's bare TCP echo).") { Hidden = true };
        command.Options.Add(transport);
        command.Options.Add(floor);
        command.Options.Add(host);
        command.Options.Add(port);
        command.Options.Add(untilStdinCloses);
        command.Validators.Add(result =>
        {
            if ((result.GetValue(transport) is null) == !result.GetValue(floor))
            {
                result.AddError("say either --transport T or --floor");
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (parseResult.GetValue(untilStdinCloses))
            {
                _ = ServeCommand.CancelWhenStdinClosesAsync(stop);
            }

            var chosen = parseResult.GetValue(transport) is { } name ? TransportRegistry.Get(name) : null;
            return await BenchServe.RunAsync(chosen, parseResult.GetValue(host)!, parseResult.GetValue(port), parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, stop.Token).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunSweepAsync(SweepOptions options, string? output, string commandLine, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var console = Ui.Create(parseResult.InvocationConfiguration.Output);
        var outcome = await LoadProgress.RunAsync(console, observer => LoadSweep.RunAsync(options, observer, cancellationToken)).ConfigureAwait(false);
        var table = Ui.Table(console);
        foreach (var column in new[] { "server", "mode", "concurrency", "req/s", "p50 us", "p90 us", "p99 us", "p99.9 us", "max us", "errors" })
        {
            table.AddColumn(column);
        }

        foreach (var row in outcome.Rows)
        {
            table.AddRow(
                Markup.Escape(row.Label), row.Mode, Number(row.Concurrency), Number(row.ThroughputRps), Number(row.P50Us), Number(row.P90Us),
                Number(row.P99Us), Number(row.P999Us), Number(row.MaxUs), Number(row.Errors));
        }

        console.Write(table);
        if (output is not null)
        {
            await ResultsFiles.WriteAsync(output, LoadCsv.Write(outcome.Rows), RunInfo.Capture(commandLine, outcome.Skipped), cancellationToken).ConfigureAwait(false);
            console.WriteLine($"results written to {output}");
        }

        var idle = outcome.Rows.Where(r => r.Requests == 0).Select(r => r.Label).Distinct().ToList();
        if (outcome.Rows.Count == 0 || idle.Count > 0)
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync(outcome.Rows.Count == 0
                ? "error: no server could be loaded"
                : $"error: no call succeeded on {string.Join(", ", idle)}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> RunH2LoadAsync(
        H2LoadOptions h2load, (string Host, int Port)? external, bool foreign, string? output, string commandLine, ParseResult parseResult, CancellationToken cancellationToken, TimeSpan? warmup = null)
    {
        var console = Ui.Create(parseResult.InvocationConfiguration.Output);
        var error = parseResult.InvocationConfiguration.Error;
        var skipped = new List<RunNote>();
        try
        {
            var rows = await h2load.RunAsync(parseResult, external, foreign, warmup, note =>
            {
                skipped.Add(note);
                console.WriteLine($"skipped {note.What}: {note.Why.Split('\n', 2)[0]}");
            }, cancellationToken).ConfigureAwait(false);
            var table = Ui.Table(console).AddColumn("tool").AddColumn("server").AddColumn("connections x streams").AddColumn("req/s").AddColumn("errors");
            foreach (var row in rows)
            {
                table.AddRow(row.Tool, Markup.Escape(LoadServers.Label(row.Transport, row.Server)), $"{row.Connections} x {row.Streams}", Number(row.ThroughputRps), Number(row.Errors));
            }

            console.Write(table);
            foreach (var server in rows.GroupBy(r => LoadServers.Label(r.Transport, r.Server)))
            {
                var theirs = server.First(r => r.Tool == H2LoadComparison.H2LoadTool);
                var ours = server.First(r => r.Tool == H2LoadComparison.RpclabTool);
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{server.Key}: rpclab / h2load = {ours.ThroughputRps / theirs.ThroughputRps:0.00}"));
            }

            if (output is not null)
            {
                await ResultsFiles.WriteAsync(output, H2LoadCsv.Write(rows), RunInfo.Capture(commandLine, skipped), cancellationToken).ConfigureAwait(false);
                console.WriteLine($"results written to {output}");
            }

            return rows.Count > 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }
        catch (InvalidOperationException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }

    /// <summary><c>--host</c> and <c>--port</c> of a server that is already running (a verb that otherwise starts its own).</summary>
    private static (Option<string> Host, Option<int?> Port) RunningServer(string portDescription) =>
    (
        new Option<string>("--host") { Description = "With --port: the host of the server that is already running.", DefaultValueFactory = _ => "127.0.0.1" },
        new Option<int?>("--port", "-p") { Description = portDescription, CustomParser = WholeNumber.Parser("--port", 1, 65535, "between 1 and 65535") }
    );

    private static (string Host, int Port)? External(ParseResult parseResult, Option<string> host, Option<int?> port) =>
        parseResult.GetValue(port) is { } p ? (parseResult.GetValue(host)!, p) : null;

    private static string CommandLine(ParseResult parseResult) => RunInfo.CommandLine(parseResult.Tokens.Select(t => t.Value));

    private static string Number(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
