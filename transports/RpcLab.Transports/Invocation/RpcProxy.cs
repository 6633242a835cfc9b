using System.Reflection;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Invocation;

/// <summary>
/// Client stubs for every contract, generated at run time (<see cref="DispatchProxy"/>): a call such as
/// <c>users.GetAsync("1")</c> becomes <c>invoker.InvokeAsync(users.get, ["1"], ...)</c>.
/// </summary>
public static class RpcProxy
{
    private static readonly MethodInfo CastStreamMethod = typeof(RpcMethod).GetMethod(nameof(RpcMethod.CastStream), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Proxies of every service over one invoker, each call made with <paramref name="options"/>.</summary>
    public static ServiceSet CreateServiceSet(IRpcInvoker invoker, CallOptions options) =>
        ServiceSet.Create(service => Create(service.Contract, invoker, options));

    public static T Create<T>(IRpcInvoker invoker, CallOptions options)
        where T : class =>
        (T)Create(typeof(T), invoker, options);

    private static object Create(Type contract, IRpcInvoker invoker, CallOptions options)
    {
        var proxy = (ContractProxy)DispatchProxy.Create(contract, typeof(ContractProxy));
        proxy.Invoker = invoker;
        proxy.Options = options;
        return proxy;
    }

    /// <summary>The run-time stub; public only because DispatchProxy requires it.</summary>
    public class ContractProxy : DispatchProxy
    {
        private static readonly Dictionary<Type, Func<IAsyncEnumerable<object?>, CancellationToken, object>> Casters = [];

        internal IRpcInvoker Invoker { get; set; } = null!;

        internal CallOptions Options { get; set; } = CallOptions.Default;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            var method = ServiceCatalog.Get(targetMethod);
            var callArgs = method.SplitProxyArguments(args ?? [], out var requestStream, out var cancellationToken);
            if (method.StreamsResult)
            {
                var items = Invoker.InvokeStreaming(method, callArgs, requestStream, Options, cancellationToken);
                return Caster(method.ResultType!)(items, cancellationToken);
            }

            var result = Invoker.InvokeAsync(method, callArgs, requestStream, Options, cancellationToken);
            return TaskBoxing.Unboxer(method.ResultType)(result);
        }

        private static Func<IAsyncEnumerable<object?>, CancellationToken, object> Caster(Type type)
        {
            lock (Casters)
            {
                if (!Casters.TryGetValue(type, out var f))
                {
                    f = CastStreamMethod.MakeGenericMethod(type).CreateDelegate<Func<IAsyncEnumerable<object?>, CancellationToken, object>>();
                    Casters[type] = f;
                }

                return f;
            }
        }
    }
}
