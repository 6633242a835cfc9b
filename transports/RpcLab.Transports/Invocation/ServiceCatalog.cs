using System.Reflection;
using RpcLab.Services.Contracts;

namespace RpcLab.Transports.Invocation;

/// <summary>
/// Every method of the five contracts, by wire name (<c>echo.reverse</c>) and by <see cref="MethodInfo"/>.
/// The one list the message-based transports dispatch on and build client proxies from, so a method
/// added to a contract is served and callable everywhere without another line. Thread-safe.
/// </summary>
public static class ServiceCatalog
{
    private static readonly (string Name, Type Contract, Func<ServiceSet, object> Target)[] Contracts =
    [
        ("sum", typeof(IParallelSumService), s => s.Sum),
        ("users", typeof(IUserService), s => s.Users),
        ("files", typeof(IFileService), s => s.Files),
        ("compute", typeof(IComputeService), s => s.Compute),
        ("echo", typeof(IEchoService), s => s.Echo),
    ];

    private static readonly Dictionary<string, RpcMethod> ByName;
    private static readonly Dictionary<MethodInfo, RpcMethod> ByMethodInfo;

    static ServiceCatalog()
    {
        Methods = Contracts
            .SelectMany(c => c.Contract.GetMethods().Select(m => new RpcMethod(c.Name, c.Contract, c.Target, m)))
            .ToArray();
        ByName = Methods.ToDictionary(m => m.FullName, StringComparer.Ordinal);
        ByMethodInfo = Methods.ToDictionary(m => m.Method);
    }

    /// <summary>All methods, service by service in contract order.</summary>
    public static IReadOnlyList<RpcMethod> Methods { get; }

    /// <summary>The service wire names: sum, users, files, compute, echo.</summary>
    public static IEnumerable<string> ServiceNames => Contracts.Select(c => c.Name);

    /// <summary>The method with that wire name, or null.</summary>
    public static RpcMethod? Find(string fullName) => ByName.GetValueOrDefault(fullName);

    internal static RpcMethod Get(MethodInfo method) =>
        ByMethodInfo.TryGetValue(method, out var m) ? m : throw new InvalidOperationException($"{method.DeclaringType?.Name}.{method.Name} is not a catalogued contract method.");
}
