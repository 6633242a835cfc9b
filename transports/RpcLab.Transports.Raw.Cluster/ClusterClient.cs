using RpcLab.Services.Errors;
using RpcLab.Transports.Raw.Client;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// A client of the cluster (<c>rpclab cluster call</c>): reaches a server by name through init.yaml, presents its
/// client name (which the server checks against the service's tenants), and makes one call typed on the command
/// line. Without a chosen server it tries the service's providers in init.yaml's order until one answers; for a service
/// init.yaml does not list, it asks the servers it does list, so the server itself says Service Not Found, as in the
/// original. Inferred argument types are widened to the one overload init.yaml declares that takes them (an int literal
/// is a valid float: <c>rpc3 2.5 '[1,2]'</c> reaches <c>rpc3(float, List[float])</c>). Thread-safe (stateless).
/// </summary>
public static class ClusterClient
{
    /// <summary>
    /// Calls <paramref name="service"/>.<paramref name="rpc"/> as <paramref name="client"/>. Throws
    /// <see cref="Protocol.RawCallException"/> for the server's exception, <see cref="RpcException"/> (Unavailable)
    /// when no provider can be reached, <see cref="ArgumentException"/> for a server init.yaml lacks.
    /// </summary>
    public static async Task<ClusterReply> CallAsync(ClusterConfig config, string client, string service, string rpc, IReadOnlyList<ClusterArgument> args, string? server, TimeSpan? timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var candidates = server is not null
            ? [config.Servers.TryGetValue(server, out var named) ? named : throw new ArgumentException($"init.yaml has no server {server}; it has {string.Join(", ", config.Servers.Keys)}")]
            : config.Service(service) is { } known
                ? known.Providers.Select(p => config.Servers[p]).ToList()
                : config.Servers.Values.ToList();

        // The overload init.yaml declares for these argument types says what comes back; if none does, the server will say why.
        args = Widen(config.Service(service)?.Procedures.Where(p => p.Rpc == rpc).ToList() ?? [], args);
        var returns = config.Service(service)?.Procedures.FirstOrDefault(p => p.Rpc == rpc && p.Args.SequenceEqual(args.Select(a => a.Type)))?.Returns;
        var call = new DynamicCall(service, rpc, args, returns);
        using var deadline = new Invocation.CallDeadline(timeout, cancellationToken);
        RpcException? unreachable = null;
        foreach (var candidate in candidates)
        {
            ClientConnection connection;
            try
            {
                connection = await ClientConnection.ConnectAsync(candidate.Host, candidate.Port, Hosting.RpcLimits.DefaultMaxMessageSize, cancellationToken: deadline.Token).ConfigureAwait(false);
            }
            catch (RpcException e) when (e.Status == RpcStatusCode.Unavailable)
            {
                unreachable = new RpcException(RpcStatusCode.Unavailable, $"{candidate.Name}: {e.Detail}");
                continue;
            }

            await using (connection.ConfigureAwait(false))
            {
                try
                {
                    return (ClusterReply)(await connection.CallAsync(call, [], null, timeout, client, deadline.Token).ConfigureAwait(false))!;
                }
                catch (OperationCanceledException e)
                {
                    throw deadline.Translate(e);
                }
            }
        }

        throw unreachable ?? new RpcException(RpcStatusCode.Unavailable, $"{service} has no providers in init.yaml");
    }

    /// <summary>
    /// <paramref name="args"/> as typed when an overload takes them exactly (or none can take them); otherwise retyped
    /// for the single overload that takes them once ints count as floats. A JSON integer is a valid float, so only the
    /// declared type changes, never a value.
    /// </summary>
    public static IReadOnlyList<ClusterArgument> Widen(IReadOnlyList<ProcedureConfig> overloads, IReadOnlyList<ClusterArgument> args)
    {
        ArgumentNullException.ThrowIfNull(overloads);
        ArgumentNullException.ThrowIfNull(args);
        if (overloads.Any(o => o.Args.SequenceEqual(args.Select(a => a.Type))))
        {
            return args;
        }

        var widened = overloads.Where(o => o.Args.Count == args.Count && o.Args.Zip(args, (declared, arg) => Widens(arg.Type, declared)).All(ok => ok)).ToList();
        return widened.Count == 1 ? [.. args.Select((a, i) => a with { Type = widened[0].Args[i] })] : args;
    }

    private static bool Widens(string from, string to) =>
        from == to || (from, to) is ("int", "float") or ("List[int]", "List[float]");
}
