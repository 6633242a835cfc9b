using System.Reflection;
using System.Runtime.CompilerServices;
using RpcLab.Services.Contracts;

namespace RpcLab.Transports.Invocation;

/// <summary>
/// One method of a service contract as every message-based transport sees it: a name on the wire
/// (<c>users.get</c>), its ordinary parameters, an optional request stream, and what it returns.
/// Built once by reflection over the contracts (see <see cref="ServiceCatalog"/>); immutable and thread-safe.
/// </summary>
public sealed class RpcMethod
{
    private readonly int _streamIndex;
    private readonly int _tokenIndex;
    private readonly Func<ServiceSet, object> _target;
    private readonly Func<Task, Task<object?>> _boxResult;
    private readonly Func<object, CancellationToken, IAsyncEnumerable<object?>>? _boxStream;
    private readonly Func<IAsyncEnumerable<object?>, object>? _castRequestStream;
    private readonly Func<object, CancellationToken, IAsyncEnumerable<object?>>? _boxRequestStream;

    internal RpcMethod(string service, Type serviceType, Func<ServiceSet, object> target, MethodInfo method)
    {
        Service = service;
        ServiceType = serviceType;
        Method = method;
        _target = target;
        Name = WireName(method.Name);
        FullName = $"{service}.{Name}";

        DeclaredParameters = RpcParameter.Of(method);
        Parameters = DeclaredParameters.Where(p => !p.IsStream).ToArray();
        var requestStream = DeclaredParameters.FirstOrDefault(p => p.IsStream);
        _streamIndex = requestStream?.Position ?? -1;
        _tokenIndex = Array.FindIndex(method.GetParameters(), p => p.ParameterType == typeof(CancellationToken));
        RequestItemType = requestStream?.ItemType;
        IsIdempotent = method.IsDefined(typeof(IdempotentAttribute), inherit: false);
        RequestIdIndex = ((List<RpcParameter>)[.. Parameters]).FindIndex(p => p.Type == typeof(RequestId));

        var returns = method.ReturnType;
        var resultItem = AsyncItemType(returns);
        if (resultItem is not null)
        {
            ResultType = resultItem;
            Shape = RequestItemType is null ? CallShape.ServerStreaming : CallShape.DuplexStreaming;
            _boxStream = Generic<Func<object, CancellationToken, IAsyncEnumerable<object?>>>(nameof(BoxStream), resultItem);
        }
        else if (returns == typeof(Task) || (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>)))
        {
            ResultType = returns.IsGenericType ? returns.GetGenericArguments()[0] : null;
            Shape = RequestItemType is null ? CallShape.Unary : CallShape.ClientStreaming;
        }
        else
        {
            throw new InvalidOperationException($"{serviceType.Name}.{method.Name} must return Task, Task<T> or IAsyncEnumerable<T>.");
        }

        _boxResult = TaskBoxing.Boxer(ResultType);
        if (RequestItemType is not null)
        {
            _castRequestStream = Generic<Func<IAsyncEnumerable<object?>, object>>(nameof(CastStreamBoxed), RequestItemType);
            _boxRequestStream = Generic<Func<object, CancellationToken, IAsyncEnumerable<object?>>>(nameof(BoxStream), RequestItemType);
        }
    }

    /// <summary>The service's wire name: sum, users, files, compute, echo.</summary>
    public string Service { get; }

    /// <summary>The method's wire name: the C# name without "Async", lowerCamel (<c>submitSort</c>).</summary>
    public string Name { get; }

    /// <summary><c>service.method</c>, the name every message-based transport puts on the wire.</summary>
    public string FullName { get; }

    public Type ServiceType { get; }

    public MethodInfo Method { get; }

    public CallShape Shape { get; }

    /// <summary>The ordinary arguments in order, without the request stream and the cancellation token.</summary>
    public IReadOnlyList<RpcParameter> Parameters { get; }

    /// <summary>Every parameter but the cancellation token, in declaration order: the ordinary ones and the request stream in its place.</summary>
    public IReadOnlyList<RpcParameter> DeclaredParameters { get; }

    /// <summary>The item type of the request stream, for client streaming and duplex calls.</summary>
    public Type? RequestItemType { get; }

    /// <summary>The result type (Task&lt;T&gt;), the item type (IAsyncEnumerable&lt;T&gt;), or null (Task).</summary>
    public Type? ResultType { get; }

    /// <summary>
    /// Declared <see cref="IdempotentAttribute"/> on the contract: running it twice is harmless, so a client retries it on
    /// Unavailable by default. The one place idempotency is read, for gRPC's service config and the Polly strategy alike.
    /// </summary>
    public bool IsIdempotent { get; }

    /// <summary>Where the method's optional <see cref="RequestId"/> is among <see cref="Parameters"/>, or -1: it has none.</summary>
    public int RequestIdIndex { get; }

    /// <summary>True when the result is a stream.</summary>
    public bool StreamsResult => Shape is CallShape.ServerStreaming or CallShape.DuplexStreaming;

    /// <summary>True when the call takes a request stream.</summary>
    public bool StreamsRequest => Shape is CallShape.ClientStreaming or CallShape.DuplexStreaming;

    /// <summary>
    /// Calls the implementation of a unary or client-streaming method. <paramref name="args"/> are the
    /// ordinary arguments, already of their parameter types; the request stream's items must be of
    /// <see cref="RequestItemType"/>. Returns the boxed result (null for Task).
    /// </summary>
    public Task<object?> InvokeAsync(ServiceSet services, object?[] args, IAsyncEnumerable<object?>? requestStream, CancellationToken cancellationToken)
    {
        if (StreamsResult)
        {
            throw new InvalidOperationException($"{FullName} returns a stream; use {nameof(InvokeStreaming)}.");
        }

        var task = (Task)Call(services, args, requestStream, cancellationToken)!;
        return _boxResult(task);
    }

    /// <summary>Calls the implementation of a server-streaming or duplex method and returns its items boxed.</summary>
    public IAsyncEnumerable<object?> InvokeStreaming(ServiceSet services, object?[] args, IAsyncEnumerable<object?>? requestStream, CancellationToken cancellationToken)
    {
        if (!StreamsResult)
        {
            throw new InvalidOperationException($"{FullName} does not return a stream; use {nameof(InvokeAsync)}.");
        }

        var stream = Call(services, args, requestStream, cancellationToken)!;
        return _boxStream!(stream, cancellationToken);
    }

    /// <summary>Fills in the defaults of trailing parameters the caller left out; null where there is none.</summary>
    public object?[] CompleteArguments(IReadOnlyList<object?> provided)
    {
        var args = new object?[Parameters.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = i < provided.Count ? provided[i] : Parameters[i].DefaultValue;
        }

        return args;
    }

    /// <summary>The implementation of this method's service in <paramref name="services"/>: what a transport that binds methods itself (StreamJsonRpc) invokes <see cref="Method"/> on.</summary>
    public object Target(ServiceSet services) => _target(services);

    public override string ToString() => FullName;

    internal object?[] SplitProxyArguments(object?[] all, out IAsyncEnumerable<object?>? requestStream, out CancellationToken cancellationToken)
    {
        requestStream = _streamIndex >= 0 && all[_streamIndex] is { } s ? _boxRequestStream!(s, default) : null;
        cancellationToken = _tokenIndex >= 0 && all[_tokenIndex] is CancellationToken t ? t : default;
        var args = new object?[Parameters.Count];
        for (int i = 0, j = 0; i < all.Length; i++)
        {
            if (i != _streamIndex && i != _tokenIndex)
            {
                args[j++] = all[i];
            }
        }

        return args;
    }

    private object? Call(ServiceSet services, object?[] args, IAsyncEnumerable<object?>? requestStream, CancellationToken cancellationToken)
    {
        if (args.Length != Parameters.Count)
        {
            throw new ArgumentException($"{FullName} takes {Parameters.Count} arguments, got {args.Length}.", nameof(args));
        }

        var all = new object?[Parameters.Count + (_streamIndex >= 0 ? 1 : 0) + (_tokenIndex >= 0 ? 1 : 0)];
        for (int i = 0, j = 0; i < all.Length; i++)
        {
            if (i == _streamIndex)
            {
                all[i] = _castRequestStream!(requestStream ?? EmptyStream());
            }
            else if (i == _tokenIndex)
            {
                all[i] = cancellationToken;
            }
            else
            {
                all[i] = args[j++];
            }
        }

        // DoNotWrapExceptions: a service's RpcException reaches the transport as itself.
        return Method.Invoke(_target(services), BindingFlags.DoNotWrapExceptions, binder: null, all, culture: null);
    }

    internal static Type? AsyncItemType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>) ? type.GetGenericArguments()[0] : null;

    private static string WireName(string methodName)
    {
        var name = methodName.EndsWith("Async", StringComparison.Ordinal) ? methodName[..^5] : methodName;
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static TDelegate Generic<TDelegate>(string helper, Type typeArgument)
        where TDelegate : Delegate =>
        typeof(RpcMethod).GetMethod(helper, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(typeArgument)
            .CreateDelegate<TDelegate>();

    private static async IAsyncEnumerable<object?> BoxStream<T>(object stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in ((IAsyncEnumerable<T>)stream).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    private static object CastStreamBoxed<T>(IAsyncEnumerable<object?> stream) => CastStream<T>(stream, default);

    internal static async IAsyncEnumerable<T> CastStream<T>(IAsyncEnumerable<object?> stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in stream.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return (T)item!;
        }
    }

#pragma warning disable CS1998 // an empty async stream
    private static async IAsyncEnumerable<object?> EmptyStream()
    {
        yield break;
    }
#pragma warning restore CS1998
}
