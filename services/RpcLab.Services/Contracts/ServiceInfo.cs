using System.Reflection;

namespace RpcLab.Services.Contracts;

/// <summary>
/// One service of <see cref="ServiceSet"/> as code that handles every service alike sees it: its wire name
/// (<c>echo</c> in <c>echo.reverse</c>), its contract interface, and how to read it from a set. Read from the
/// record's constructor (<see cref="ServiceSet.All"/>), so the record stays the one list of the services and the
/// catalog, the client stubs and the transports' tables follow it without a line of their own. Immutable, thread-safe.
/// </summary>
public sealed class ServiceInfo
{
    private readonly Func<ServiceSet, object> _get;

    internal ServiceInfo(ParameterInfo parameter)
    {
        var name = parameter.Name!;
        if (!parameter.ParameterType.IsInterface)
        {
            throw new InvalidOperationException($"ServiceSet.{name} must be a contract interface, not {parameter.ParameterType.Name}.");
        }

        var getter = typeof(ServiceSet).GetProperty(name)?.GetMethod ?? throw new InvalidOperationException($"ServiceSet has no property {name}.");

        // A delegate, not PropertyInfo.GetValue: message-based servers read the service on every call. A contract is
        // a reference type, so Func<ServiceSet, IEchoService> is a Func<ServiceSet, object> by variance.
        _get = (Func<ServiceSet, object>)getter.CreateDelegate(typeof(Func<,>).MakeGenericType(typeof(ServiceSet), parameter.ParameterType));
        Name = name.ToLowerInvariant();
        Contract = parameter.ParameterType;
    }

    /// <summary>The wire name: the record's property name in lower case (sum, users, files, compute, echo).</summary>
    public string Name { get; }

    /// <summary>The contract interface, e.g. <see cref="IEchoService"/>.</summary>
    public Type Contract { get; }

    /// <summary>This service of <paramref name="services"/>.</summary>
    public object Get(ServiceSet services) => _get(services);

    public override string ToString() => Name;
}
