using RpcLab.Transports.Invocation;
using RpcLab.Transports.Rpyc.Objects;
using RpcLab.Transports.Rpyc.Protocol;

namespace RpcLab.Transports.Rpyc.Server;

/// <summary>
/// <c>conn.root</c> on our server: one attribute per service (<c>conn.root.users</c>), each a
/// <see cref="ServiceObject"/> reference that stays the same object for the connection, as a Python service's
/// attributes would. One root per connection. Thread-safe.
/// </summary>
internal sealed class ServiceRoot(ServerContext context) : LocalObject
{
    private readonly Dictionary<string, ServiceObject> _services =
        ServiceCatalog.ServiceNames.ToDictionary(name => name, name => new ServiceObject(name, context), StringComparer.Ordinal);

    public override string TypeName => "rpclab.RpcLabService";

    public override ValueTask<object?> GetAttrAsync(string name, RpycCall call) =>
        _services.TryGetValue(name, out var service) ? new(service) : throw NoAttribute(name);

    public override IEnumerable<string> Dir() => _services.Keys;

    public override string Repr() => $"<rpclab root: {string.Join(", ", _services.Keys)}>";
}
