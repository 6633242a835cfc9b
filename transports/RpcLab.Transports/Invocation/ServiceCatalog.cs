using System.Reflection;
using RpcLab.Services.Contracts;

namespace RpcLab.Transports.Invocation;

/// <summary>
/// Every method of the contracts, by wire name (<c>echo.reverse</c>) and by <see cref="MethodInfo"/>, read from
/// the services <see cref="ServiceSet"/> declares (<see cref="ServiceSet.All"/>). The one table the message-based
/// transports dispatch on and build client proxies from, so a method added to a contract is served and callable
/// everywhere without another line. Thread-safe.
/// </summary>
public static class ServiceCatalog
{
    private static readonly Dictionary<string, RpcMethod> ByName;
    private static readonly Dictionary<MethodInfo, RpcMethod> ByMethodInfo;

    static ServiceCatalog()
    {
        Methods = ServiceSet.All
            .SelectMany(s => s.Contract.GetMethods().Select(m => new RpcMethod(s.Name, s.Contract, s.Get, m)))
            .ToArray();
        ByName = Methods.ToDictionary(m => m.FullName, StringComparer.Ordinal);
        ByMethodInfo = Methods.ToDictionary(m => m.Method);
    }

    /// <summary>All methods, service by service in contract order.</summary>
    public static IReadOnlyList<RpcMethod> Methods { get; }

    /// <summary>The service wire names: sum, users, files, compute, echo.</summary>
    public static IEnumerable<string> ServiceNames => ServiceSet.All.Select(s => s.Name);

    /// <summary>The method with that wire name, or null.</summary>
    public static RpcMethod? Find(string fullName) => ByName.GetValueOrDefault(fullName);

    internal static RpcMethod Get(MethodInfo method) =>
        ByMethodInfo.TryGetValue(method, out var m) ? m : throw new InvalidOperationException($"{method.DeclaringType?.Name}.{method.Name} is not a catalogued contract method.");
}
