using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using RpcLab.Services.Contracts;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.Raw.Server;

namespace RpcLab.Transports.Raw.Binding;

/// <summary>
/// A contract method of one of the lab's services as a raw procedure. Its binder is compiled once, when the
/// server starts (an expression tree calling the interface method on the implementation with typed arguments,
/// and typed adapters for its result and streams), so a call involves no reflection. Thread-safe.
/// </summary>
internal sealed class ServiceProcedure : RawProcedure
{
    private static readonly MethodInfo BoxItemsMethod = typeof(ServiceProcedure).GetMethod(nameof(BoxItems), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo TypedItemsMethod = typeof(ServiceProcedure).GetMethod(nameof(TypedItems), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Func<object?[], object?, CancellationToken, object> _invoke;
    private readonly Func<Task, object?>? _result;
    private readonly Func<object, CancellationToken, IAsyncEnumerable<object?>>? _resultItems;
    private readonly Func<IAsyncEnumerable<object?>, object>? _requestItems;

    private ServiceProcedure(RpcMethod method, object implementation)
        : base(method.Service, method.Name, ContractSignature.Of(method))
    {
        _invoke = CompileInvoke(method, implementation);
        if (method.StreamsResult)
        {
            _resultItems = BoxItemsMethod.MakeGenericMethod(method.ResultType!).CreateDelegate<Func<object, CancellationToken, IAsyncEnumerable<object?>>>();
        }
        else if (method.ResultType is { } resultType)
        {
            var task = Expression.Parameter(typeof(Task), "task");
            var result = Expression.Property(Expression.Convert(task, typeof(Task<>).MakeGenericType(resultType)), "Result");
            _result = Expression.Lambda<Func<Task, object?>>(Expression.Convert(result, typeof(object)), task).Compile();
        }

        if (method.RequestItemType is { } itemType)
        {
            _requestItems = TypedItemsMethod.MakeGenericMethod(itemType).CreateDelegate<Func<IAsyncEnumerable<object?>, object>>();
        }
    }

    /// <summary>Every catalogued method of <paramref name="services"/>, ready to serve.</summary>
    public static IEnumerable<ServiceProcedure> For(ServiceSet services) =>
        ServiceCatalog.Methods.Select(m => new ServiceProcedure(m, m.Target(services)));

    public override async Task RunAsync(ServerCall call, object?[] args, CancellationToken cancellationToken)
    {
        var requestItems = _requestItems?.Invoke(call.RequestItems!);
        var returned = _invoke(args, requestItems, cancellationToken);
        if (_resultItems is null)
        {
            var task = (Task)returned;
            await task.ConfigureAwait(false);
            await (_result is null ? call.SendReturnsAsync() : call.SendReturnAsync(_result(task))).ConfigureAwait(false);
            return;
        }

        await foreach (var item in _resultItems(returned, cancellationToken).ConfigureAwait(false))
        {
            await call.SendItemAsync(item).ConfigureAwait(false);
        }

        await call.SendEndAsync().ConfigureAwait(false);
    }

    // (args, requestStream, token) => implementation.Method((T0)args[0], ..., (IAsyncEnumerable<TItem>)requestStream, token)
    private static Func<object?[], object?, CancellationToken, object> CompileInvoke(RpcMethod method, object implementation)
    {
        var args = Expression.Parameter(typeof(object?[]), "args");
        var stream = Expression.Parameter(typeof(object), "requestStream");
        var token = Expression.Parameter(typeof(CancellationToken), "token");

        // The one parameter the model leaves out is the cancellation token: every other position is filled below.
        var arguments = new Expression[method.Method.GetParameters().Length];
        Array.Fill(arguments, token);
        var index = 0;
        foreach (var parameter in method.DeclaredParameters)
        {
            arguments[parameter.Position] = parameter.IsStream
                ? Expression.Convert(stream, parameter.Type)
                : Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(index++)), parameter.Type);
        }

        var call = Expression.Call(Expression.Constant(implementation, method.Method.DeclaringType!), method.Method, arguments);
        return Expression.Lambda<Func<object?[], object?, CancellationToken, object>>(Expression.Convert(call, typeof(object)), args, stream, token).Compile();
    }

    private static async IAsyncEnumerable<object?> BoxItems<T>(object items, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in ((IAsyncEnumerable<T>)items).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    private static object TypedItems<T>(IAsyncEnumerable<object?> items) => Cast<T>(items);

    private static async IAsyncEnumerable<T> Cast<T>(IAsyncEnumerable<object?> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return (T)item!;
        }
    }
}
