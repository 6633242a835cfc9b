using System.Collections.Concurrent;
using System.Reflection;
using RpcLab.Services.Contracts;

namespace RpcLab.Services.AtMostOnce;

/// <summary>
/// The at-most-once decorator of one service: a call that carries a <see cref="RequestId"/> goes through the
/// <see cref="ReplyTable"/>; every other call (idempotent methods, and callers that send no id) goes straight to the
/// implementation. Written once for every contract (<see cref="DispatchProxy"/>), so a non-idempotent method added to a
/// contract is covered by declaring the parameter. Public only because DispatchProxy requires it; build it with
/// <see cref="Wrap"/>. Thread-safe.
/// </summary>
public class AtMostOnceProxy : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, MethodPlan> Plans = new();

    private object _target = null!;
    private ReplyTable _table = null!;

    /// <summary>True when some method of <paramref name="contract"/> takes a <see cref="RequestId"/>, so wrapping it matters.</summary>
    public static bool Covers(Type contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return contract.GetMethods().Any(m => Plan(m).RequestIdIndex >= 0);
    }

    /// <summary><paramref name="implementation"/> behind <paramref name="table"/>, as its contract <paramref name="contract"/>.</summary>
    public static object Wrap(Type contract, object implementation, ReplyTable table)
    {
        var proxy = (AtMostOnceProxy)Create(contract, typeof(AtMostOnceProxy));
        proxy._target = implementation;
        proxy._table = table;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var plan = Plan(targetMethod);
        if (plan.RequestIdIndex < 0 || args?[plan.RequestIdIndex] is not RequestId id)
        {
            return Call(targetMethod, args);
        }

        var reply = _table.RunAsync(plan.Key, id, () => plan.Box((Task)Call(targetMethod, args)!));
        return plan.Unbox(reply);
    }

    private static MethodPlan Plan(MethodInfo method) => Plans.GetOrAdd(method, static m =>
    {
        var result = m.ReturnType.IsGenericType ? m.ReturnType.GetGenericArguments()[0] : null;
        return new MethodPlan(
            Array.FindIndex(m.GetParameters(), p => p.ParameterType == typeof(RequestId)),
            $"{m.DeclaringType?.Name}.{m.Name}",
            TaskBoxing.Boxer(result),
            TaskBoxing.Unboxer(result));
    });

    // DoNotWrapExceptions: the service's RpcException reaches the transport as itself.
    private object? Call(MethodInfo method, object?[]? args) =>
        method.Invoke(_target, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null);
}
