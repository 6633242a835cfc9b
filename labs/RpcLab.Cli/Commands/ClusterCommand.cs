using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Raw.Cluster;
using RpcLab.Transports.Raw.Protocol;

namespace RpcLab.Cli.Commands;

/// <summary>
/// <c>rpclab cluster serve|init|call</c>: the raw-socket toolkit's cluster, as in the original course project.
/// <c>serve</c> runs one server node named in init.yaml, <c>init</c> ships the procedures to every node (only what
/// changed), <c>call</c> makes one call as a named client and prints the return values, or the exception's type and
/// message (exit code 1 + its status). A wrong command line or init.yaml is exit code 1 with one line saying what.
/// </summary>
public static class ClusterCommand
{
    // What the shipped labs/cluster/init.yaml says: fine on one machine, never as a real secret.
    private const string ExampleToken = "lab-token-change-me";

    private const long Mebibyte = 1024 * 1024;

    public static Command Create() => new("cluster", "The raw-socket cluster of init.yaml: server nodes, the initializer that ships procedures to them, and a client.")
    {
        Serve(),
        Init(),
        Call(),
    };

    private static Option<string> ConfigOption() => new("--config", "-c")
    {
        Description = "The cluster's init.yaml (src paths in it are relative to it).",
        DefaultValueFactory = _ => "init.yaml",
    };

    // Nodes started with --port 0 (30 students share a machine) are reached by name at the port each printed.
    private static Option<string[]> NodePortOption() => new("--node-port")
    {
        Description = "Reach server NAME at PORT instead of its port in init.yaml, such as --node-port s1=41235 (repeatable).",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private static Command Serve()
    {
        var config = ConfigOption();
        var name = new Option<string>("--name", "-n") { Description = "This node's name under network.servers in init.yaml.", Required = true };
        var host = new Option<string?>("--host") { Description = "Listen on this address instead of the node's ip in init.yaml." };
        var port = new Option<int?>("--port", "-p")
        {
            Description = "Listen on this port instead of the node's port in init.yaml (0 = any free port).",
            CustomParser = WholeNumber.Parser("--port", 0, 65535, "between 0 and 65535"),
        };
        var timeLimit = new Option<int>("--time-limit")
        {
            Description = "How long one call of a procedure may run, in milliseconds, before it is stopped.",
            DefaultValueFactory = _ => 2000,
            CustomParser = WholeNumber.RequiredParser("--time-limit", 1, int.MaxValue, "a positive number of milliseconds"),
        };
        var memoryLimit = new Option<int>("--memory-limit")
        {
            Description = "How much one call of a procedure may allocate, in MiB, before it is stopped.",
            DefaultValueFactory = _ => (int)(ClusterNodeOptions.DefaultMemoryLimit / Mebibyte),
            CustomParser = WholeNumber.RequiredParser("--memory-limit", 1, 1024 * 1024, "a positive number of MiB"),
        };
        var logFile = new Option<string?>("--log") { Description = "Also append the log to this file." };
        var untilStdinCloses = new Option<bool>("--until-stdin-closes") { Hidden = true };

        var command = new Command("serve", "Run one server node of init.yaml until Ctrl+C; it serves what the initializer ships to it.")
        {
            config, name, host, port, timeLimit, memoryLimit, logFile, untilStdinCloses,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (Load(parseResult.GetValue(config)!, null, error) is not { } cluster)
            {
                return ExitCodes.Failed;
            }

            var nodeName = parseResult.GetValue(name)!;
            if (!cluster.Servers.TryGetValue(nodeName, out var address))
            {
                await error.WriteLineAsync($"error: {Path.GetFileName(cluster.Path)} has no server {nodeName}; it has {string.Join(", ", cluster.Servers.Keys)}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (parseResult.GetValue(untilStdinCloses))
            {
                _ = ServeCommand.CancelWhenStdinClosesAsync(stop);
            }

            var options = new ServerOptions { Host = parseResult.GetValue(host) ?? address.Host, Port = parseResult.GetValue(port) ?? address.Port };
            var nodeOptions = new ClusterNodeOptions
            {
                TimeLimit = TimeSpan.FromMilliseconds(parseResult.GetValue(timeLimit)),
                MemoryLimit = parseResult.GetValue(memoryLimit) * Mebibyte,
            };
            return await ServeAsync(cluster, nodeName, options, nodeOptions, parseResult.GetValue(logFile), output, error, stop.Token).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Init()
    {
        var config = ConfigOption();
        var timeout = new Option<int>("--timeout")
        {
            Description = "How long each server may take to answer, in seconds (compiling takes a few).",
            DefaultValueFactory = _ => 120,
            CustomParser = WholeNumber.RequiredParser("--timeout", 1, 3600, "a number of seconds, 1 to 3600"),
        };
        var nodePorts = NodePortOption();
        var command = new Command("init", "Ship every procedure of init.yaml to its servers (only those whose SHA-256 differs) and report what was sent, skipped and removed.")
        {
            config, timeout, nodePorts,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (Load(parseResult.GetValue(config)!, parseResult.GetValue(nodePorts), error) is not { } cluster)
            {
                return ExitCodes.Failed;
            }

            var results = await Initializer.RunAsync(cluster, TimeSpan.FromSeconds(parseResult.GetValue(timeout)), cancellationToken).ConfigureAwait(false);
            foreach (var result in results)
            {
                await output.WriteLineAsync($"{result.Server.Name} {ServerAddress(result.Server)}{(result.Error is null ? string.Empty : $": error: {result.Error.ReplaceLineEndings(Environment.NewLine + "    ")}")}").ConfigureAwait(false);
                foreach (var change in result.Report?.Changes ?? [])
                {
                    await output.WriteLineAsync($"  {change.Change.ToString().ToLowerInvariant(),-8} {change.Describe()}  ({change.File})").ConfigureAwait(false);
                }
            }

            var changes = results.SelectMany(r => r.Report?.Changes ?? []).ToList();
            var failed = results.Count(r => r.Error is not null);
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"init: {results.Count} servers{(failed > 0 ? $", {failed} failed" : string.Empty)}; {Count(changes, ChangeKind.Sent)} sent, {Count(changes, ChangeKind.Skipped)} skipped, {Count(changes, ChangeKind.Removed)} removed")).ConfigureAwait(false);
            return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static Command Call()
    {
        var config = ConfigOption();
        var client = new Option<string>("--as") { Description = "The client name to present (under network.clients; the service's tenants may use it).", Required = true };
        var server = new Option<string?>("--server", "-s") { Description = "Call this server (default: the service's providers in init.yaml's order, the first that answers)." };
        var types = new Option<string?>("--types") { Description = "The arguments' types, such as int,str or List[int],List[str] (default: inferred: int, then float, then str)." };
        var timeout = new Option<int?>("--timeout")
        {
            Description = "The call's deadline in milliseconds.",
            CustomParser = WholeNumber.Parser("--timeout", 1, int.MaxValue, "a positive number of milliseconds"),
        };
        var target = new Argument<string>("service.rpc") { Description = "What to call, such as service1.rpc1." };
        var words = new Argument<string[]>("arguments")
        {
            Description = "The arguments: 32, 2.5, hello, [1,2,3] (quote a list for the shell: '[a,b]').",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var nodePorts = NodePortOption();
        var command = new Command("call", "Call one procedure as a client of init.yaml and print its return values (exit code 1 + status on an exception).")
        {
            config, client, server, types, timeout, nodePorts, target, words,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (Load(parseResult.GetValue(config)!, parseResult.GetValue(nodePorts), error) is not { } cluster)
            {
                return ExitCodes.Failed;
            }

            var name = parseResult.GetValue(target)!;
            var dot = name.LastIndexOf('.');
            if (dot <= 0 || dot == name.Length - 1)
            {
                await error.WriteLineAsync($"error: say what to call as service.rpc, such as service1.rpc1, not '{name}'").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            try
            {
                var declared = parseResult.GetValue(types) is { } typeList ? ArgumentParser.SplitTypes(typeList) : null;
                var args = ArgumentParser.Parse(parseResult.GetValue(words) ?? [], declared);
                var ms = parseResult.GetValue(timeout);
                var reply = await ClusterClient.CallAsync(
                    cluster,
                    parseResult.GetValue(client)!,
                    name[..dot],
                    name[(dot + 1)..],
                    args,
                    parseResult.GetValue(server),
                    ms is { } t ? TimeSpan.FromMilliseconds(t) : null,
                    cancellationToken).ConfigureAwait(false);
                foreach (var value in reply.Values)
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(value.Value, Transports.Raw.Types.RawJson.Options)).ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }
            catch (ArgumentException e)
            {
                await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
            catch (RawCallException e)
            {
                await error.WriteLineAsync($"{e.TypeName}: {e.Detail}").ConfigureAwait(false);
                return ExitCodes.ForStatus(e.Status);
            }
            catch (RpcException e)
            {
                await error.WriteLineAsync($"error: {e.Status}: {e.Detail}").ConfigureAwait(false);
                return ExitCodes.ForStatus(e.Status);
            }
        });
        return command;
    }

    private static async Task<int> ServeAsync(ClusterConfig cluster, string name, ServerOptions options, ClusterNodeOptions nodeOptions, string? logFile, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var file = logFile is null ? null : new StreamWriter(logFile, append: true) { AutoFlush = true };
        var log = new ClusterLog(line =>
        {
            output.WriteLine(line);
            output.Flush();
            file?.WriteLine(line);
        });
        if (cluster.Token is null)
        {
            await error.WriteLineAsync($"note: {Path.GetFileName(cluster.Path)} has no token: this node accepts an initializer from loopback only.").ConfigureAwait(false);
        }
        else if (cluster.Token == ExampleToken && Environment.GetEnvironmentVariable(ClusterConfig.TokenVariable) is null)
        {
            await error.WriteLineAsync($"warning: the token is the example's ({ExampleToken}): anyone with this repository can ship code to this node. Set your own in init.yaml or {ClusterConfig.TokenVariable}.").ConfigureAwait(false);
        }

        ClusterNode node;
        try
        {
            // The policy every server uses: "*" and host names count as reachable from elsewhere, localhost does not.
            if (!ListenAddress.Resolve(options.Host).IsLoopback)
            {
                await error.WriteLineAsync($"warning: listening on {options.Host}, not loopback: other machines can reach this node, and the initializer's token travels in clear text.").ConfigureAwait(false);
            }

            node = ClusterNode.Start(name, cluster.Token, options, nodeOptions, log);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ArgumentException)
        {
            await error.WriteLineAsync($"error: could not start node {name} on {options.Host}:{options.Port}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        await using (node.ConfigureAwait(false))
        {
            log.Note("start", string.Create(CultureInfo.InvariantCulture, $"rpclab cluster node {name} listening on {node.Host}:{node.Port} (procedure time limit {nodeOptions.TimeLimit.TotalMilliseconds:0} ms, memory limit {nodeOptions.MemoryLimit / Mebibyte} MiB)"));
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: the normal way to stop a node.
            }
        }

        log.Note("stop", $"rpclab cluster node {name} stopped");
        return ExitCodes.Ok;
    }

    private static ClusterConfig? Load(string path, string[]? nodePorts, TextWriter error)
    {
        try
        {
            var config = ClusterConfig.Load(path);
            if (nodePorts is not { Length: > 0 })
            {
                return config;
            }

            var ports = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var pair in nodePorts)
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0 || !int.TryParse(pair[(equals + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                {
                    error.WriteLine($"error: --node-port takes NAME=PORT, such as s1=41235, not '{pair}'");
                    return null;
                }

                ports[pair[..equals]] = port;
            }

            return config.WithPorts(ports);
        }
        catch (ConfigException e)
        {
            error.WriteLine($"error: {e.Message}");
            return null;
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: --node-port: {e.Message}");
            return null;
        }
    }

    private static string ServerAddress(NodeAddress server) => string.Create(CultureInfo.InvariantCulture, $"{server.Host}:{server.Port}");

    private static int Count(List<ProcedureChange> changes, ChangeKind kind) => changes.Count(c => c.Change == kind);
}
