using System.Reflection;
using RpcLab.Services.Contracts;

namespace RpcLab.Transports.Invocation;

/// <summary>
/// Gives each call of a non-idempotent method a new <see cref="RequestId"/> (<see cref="RequestIds"/>) when the caller
/// left it null, for a client whose stubs do not go through <see cref="RpcProxy"/> (gRPC's adapters over generated
/// clients, whose channel then resends the same message, id included, on each retry). The message-based transports
/// stamp the id in <see cref="RetryingInvoker"/> instead. Public only because DispatchProxy requires it; build it with
/// <see cref="Wrap"/>. Thread-safe.
/// </summary>
public class RequestIdProxy : DispatchProxy
{
    private object _target = null!;
    private RequestIds _ids = null!;

    /// <summary><paramref name="services"/>, those with a method that takes a request id wrapped; the others as they are.</summary>
    public static ServiceSet Wrap(ServiceSet services, RequestIds ids)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(ids);
        return ServiceSet.Create(service =>
        {
            var implementation = service.Get(services);
            if (!ServiceCatalog.Methods.Any(m => m.ServiceType == service.Contract && m.RequestIdIndex >= 0))
            {
                return implementation;
            }

            var proxy = (RequestIdProxy)Create(service.Contract, typeof(RequestIdProxy));
            proxy._target = implementation;
            proxy._ids = ids;
            return proxy;
        });
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var method = ServiceCatalog.Get(targetMethod);
        if (method.RequestIdIndex >= 0 && args is not null)
        {
            var position = method.Parameters[method.RequestIdIndex].Position;
            args[position] ??= _ids.Next();
        }

        // DoNotWrapExceptions: the adapter's RpcException reaches the caller as itself.
        return targetMethod.Invoke(_target, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null);
    }
}
