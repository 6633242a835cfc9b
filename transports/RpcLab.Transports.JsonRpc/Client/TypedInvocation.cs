using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using RpcLab.Transports.Invocation;
using StreamJsonRpc;

namespace RpcLab.Transports.JsonRpc.Client;

/// <summary>
/// StreamJsonRpc deserializes a result to the type it is asked for; the invoker knows a method's result type only
/// at run time (<see cref="RpcMethod.ResultType"/>), so one generic call per method is made once and kept. A
/// stream result comes back as StreamJsonRpc's enumerable proxy (which pulls with <c>$/enumerator/next</c> and sends
/// <c>$/enumerator/abort</c> when left early), boxed, with remote failures turned into RpcException. Thread-safe.
/// </summary>
internal static class TypedInvocation
{
    private static readonly ConcurrentDictionary<RpcMethod, Func<ClientJsonRpc, string, object?[], CancellationToken, Task<object?>>> Calls = new();
    private static readonly ConcurrentDictionary<RpcMethod, Func<ClientJsonRpc, RequestId, bool, string, object?[], CancellationToken, Task<IAsyncEnumerable<object?>>>> Streams = new();

    /// <summary>A unary or client-streaming call; the result boxed (null for a method returning Task).</summary>
    public static Task<object?> InvokeAsync(ClientJsonRpc rpc, RpcMethod method, object?[] arguments, CancellationToken cancellationToken) =>
        Calls.GetOrAdd(method, static m => m.ResultType is null ? InvokeVoidAsync : Generic<Func<ClientJsonRpc, string, object?[], CancellationToken, Task<object?>>>(nameof(InvokeTypedAsync), m.ResultType))
            (rpc, method.FullName, arguments, cancellationToken);

    /// <summary>A server-streaming or bidirectional call, made with <paramref name="id"/>; <paramref name="holdArguments"/> keeps its argument streams served after the response.</summary>
    public static Task<IAsyncEnumerable<object?>> OpenStreamAsync(ClientJsonRpc rpc, RpcMethod method, RequestId id, bool holdArguments, object?[] arguments, CancellationToken cancellationToken) =>
        Streams.GetOrAdd(method, static m => Generic<Func<ClientJsonRpc, RequestId, bool, string, object?[], CancellationToken, Task<IAsyncEnumerable<object?>>>>(nameof(OpenTypedStreamAsync), m.ResultType!))
            (rpc, id, holdArguments, method.FullName, arguments, cancellationToken);

    private static async Task<object?> InvokeVoidAsync(ClientJsonRpc rpc, string method, object?[] arguments, CancellationToken cancellationToken)
    {
        await rpc.InvokeWithCancellationAsync(method, arguments, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<object?> InvokeTypedAsync<T>(ClientJsonRpc rpc, string method, object?[] arguments, CancellationToken cancellationToken) =>
        await rpc.InvokeWithCancellationAsync<T>(method, arguments, cancellationToken).ConfigureAwait(false);

    private static async Task<IAsyncEnumerable<object?>> OpenTypedStreamAsync<T>(ClientJsonRpc rpc, RequestId id, bool holdArguments, string method, object?[] arguments, CancellationToken cancellationToken)
    {
        var items = holdArguments
            ? await rpc.InvokeHoldingArgumentsAsync<IAsyncEnumerable<T>>(id, method, arguments, cancellationToken).ConfigureAwait(false)
            : await rpc.InvokeWithCancellationAsync<IAsyncEnumerable<T>>(method, arguments, cancellationToken).ConfigureAwait(false);
        return Box(items, CancellationToken.None);
    }

    private static async IAsyncEnumerable<object?> Box<T>(IAsyncEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var enumerator = items.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                // C# allows no yield inside a try with a catch, hence the item is carried out of it.
                bool more;
                try
                {
                    more = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (JsonRpcErrors.Unwrap(e) is Services.Errors.RpcException failure)
                {
                    throw failure;
                }

                if (!more)
                {
                    break;
                }

                yield return enumerator.Current;
            }
        }
        finally
        {
            try
            {
                // Left early, this sends $/enumerator/abort; on a connection already gone there is no one to tell.
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is ConnectionLostException or ObjectDisposedException)
            {
            }
        }
    }

    private static TDelegate Generic<TDelegate>(string name, Type typeArgument)
        where TDelegate : Delegate =>
        typeof(TypedInvocation).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(typeArgument)
            .CreateDelegate<TDelegate>();
}
