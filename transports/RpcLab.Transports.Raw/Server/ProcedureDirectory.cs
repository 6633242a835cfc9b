using RpcLab.Transports.Raw.Protocol;
using RpcLab.Transports.Raw.Types;

namespace RpcLab.Transports.Raw.Server;

/// <summary>
/// An immutable table of services, tenants and procedures, and the one place requests are resolved against it:
/// service, then tenant, then rpc, then the overload whose argument types the request declares. Each refusal
/// says what would have been accepted. The lab's services are one directory; a cluster node swaps in a new one
/// each time the initializer changes it. Thread-safe.
/// </summary>
public sealed class ProcedureDirectory : IProcedureTable
{
    private readonly Dictionary<string, (ServiceEntry Entry, Dictionary<string, RawProcedure[]> Rpcs)> _services;

    public ProcedureDirectory(IEnumerable<ServiceEntry> services)
    {
        _services = services.ToDictionary(
            s => s.Name,
            s => (s, s.Procedures.GroupBy(p => p.Rpc).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal)),
            StringComparer.Ordinal);
        foreach (var (name, (_, rpcs)) in _services)
        {
            foreach (var overloads in rpcs.Values)
            {
                var same = overloads.GroupBy(p => string.Join(",", p.Signature.ArgNames)).FirstOrDefault(g => g.Count() > 1);
                if (same is not null)
                {
                    throw new ArgumentException($"{name}.{overloads[0].Rpc} has two overloads taking ({same.Key})");
                }
            }
        }
    }

    public IEnumerable<ServiceEntry> Services => _services.Values.Select(s => s.Entry);

    public IEnumerable<RawProcedure> Procedures => Services.SelectMany(s => s.Procedures);

    public RawProcedure Find(string service, string rpc, IReadOnlyList<string> argTypes, IReadOnlyList<string>? returnTypes, string? client)
    {
        if (!_services.TryGetValue(service, out var found))
        {
            // A server's own services ($cluster) are not offered to clients, so not listed.
            var offered = _services.Keys.Where(s => !s.StartsWith('$')).Order(StringComparer.Ordinal).ToList();
            throw new RawCallException(
                RawExceptionType.ServiceNotFound,
                $"this server does not provide {service}{(offered.Count == 0 ? "; it provides no service yet" : $"; it provides {string.Join(", ", offered)}")}");
        }

        var (entry, rpcs) = found;
        if (entry.Tenants is { } tenants && (client is null || !tenants.Contains(client)))
        {
            throw new RawCallException(
                RawExceptionType.ClientNotRegistered,
                client is null ? $"{service} serves its registered clients only, and the request names no client" : $"client {client} is not registered for {service}");
        }

        if (!rpcs.TryGetValue(rpc, out var overloads))
        {
            throw new RawCallException(
                RawExceptionType.RpcNotFound,
                $"{service} has no rpc {rpc}; it has {string.Join(", ", rpcs.Keys.Order(StringComparer.Ordinal))}");
        }

        foreach (var procedure in overloads)
        {
            if (!procedure.Signature.TakesArguments(argTypes))
            {
                continue;
            }

            if (returnTypes is not null && !procedure.Signature.GivesReturns(returnTypes))
            {
                throw new RawCallException(
                    RawExceptionType.InvalidArguments,
                    $"{service}.{procedure.Signature.Describe(rpc)} returns {RawTypes.Join(procedure.Signature.ReturnNames)}, not {RawTypes.Join(returnTypes)}");
            }

            return procedure;
        }

        throw new RawCallException(
            RawExceptionType.InvalidArguments,
            $"{service}.{rpc} does not take {RawTypes.Join(argTypes)}; valid: {string.Join("; ", overloads.Select(o => o.Signature.Describe(rpc)))}");
    }
}
