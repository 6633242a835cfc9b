using System.Reflection;

namespace RpcLab.Services.Contracts;

/// <summary>
/// The five services as one value. A server is given the implementations; a client of any
/// transport hands back proxies of the same interfaces.
/// </summary>
/// <remarks>
/// The constructor's parameters are the one list of the services: each is a contract, and its name in lower
/// case is its wire name. <see cref="All"/> reads them, and <see cref="Create"/> builds a set one service at a
/// time, so whatever treats every service alike (the method catalog, the client stubs, a transport's table)
/// is derived from this list instead of repeating it. A service added here is one parameter.
/// </remarks>
public sealed record ServiceSet(
    IParallelSumService Sum,
    IUserService Users,
    IFileService Files,
    IComputeService Compute,
    IEchoService Echo)
{
    private static readonly ConstructorInfo Constructor = typeof(ServiceSet).GetConstructors().Single();

    /// <summary>Every service, in the constructor's order.</summary>
    public static IReadOnlyList<ServiceInfo> All { get; } = Array.AsReadOnly(Constructor.GetParameters().Select(p => new ServiceInfo(p)).ToArray());

    /// <summary>
    /// The same users under the original course project's rules (its user-service lab accepted any name and
    /// email on update), for a server that also serves that project's wire contract; the users are shared with
    /// <see cref="Users"/>. Null when there is no such view (client proxies, test stand-ins): that contract then
    /// applies <see cref="Users"/>' rules.
    /// </summary>
    public IUserService? OriginalUsers { get; init; }

    /// <summary>
    /// A set whose every service is <paramref name="implementation"/>'s answer for it, which must implement
    /// <see cref="ServiceInfo.Contract"/>: how code that builds each service the same way (a client's stubs)
    /// builds them all without naming them.
    /// </summary>
    public static ServiceSet Create(Func<ServiceInfo, object> implementation)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        var services = All.Select(service =>
        {
            var built = implementation(service);
            return service.Contract.IsInstanceOfType(built)
                ? built
                : throw new InvalidOperationException($"the {service.Name} service must implement {service.Contract.Name}, not {built?.GetType().Name ?? "null"}.");
        });
        return (ServiceSet)Constructor.Invoke(services.ToArray());
    }
}
