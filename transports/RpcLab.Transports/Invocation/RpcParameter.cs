using System.Reflection;

namespace RpcLab.Transports.Invocation;

/// <summary>
/// One parameter of a method as the message-based transports bind it: its name and type, whether it is the
/// request stream, whether a caller may leave it out (and what it is then), and whether it may be null.
/// Read once from reflection and the nullable annotations, so JSON-RPC, zeroRPC, raw and the command line
/// apply the same rules and none of them reflects on its own. The cancellation token is never a parameter:
/// no transport sends it. Immutable and thread-safe.
/// </summary>
public sealed class RpcParameter
{
    private RpcParameter(ParameterInfo parameter, NullabilityInfoContext nullability)
    {
        Name = parameter.Name!;
        Type = parameter.ParameterType;
        Position = parameter.Position;
        ItemType = RpcMethod.AsyncItemType(Type);

        // A request stream is never left out and never null: a caller with nothing to send sends no items.
        IsOptional = ItemType is null && parameter.HasDefaultValue;
        DefaultValue = IsOptional ? parameter.DefaultValue : null;
        AllowsNull = ItemType is null && (Type.IsValueType
            ? Nullable.GetUnderlyingType(Type) is not null
            : nullability.Create(parameter).WriteState != NullabilityState.NotNull);
    }

    /// <summary>The name in the method's declaration, the one JSON-RPC's named params use.</summary>
    public string Name { get; }

    /// <summary>The declared type; for the request stream, <c>IAsyncEnumerable&lt;T&gt;</c>.</summary>
    public Type Type { get; }

    /// <summary>The position among all the method's parameters, the cancellation token counted: where an invocation puts the argument.</summary>
    public int Position { get; }

    /// <summary>The item type of the request stream; null for an ordinary parameter.</summary>
    public Type? ItemType { get; }

    /// <summary>True for the request stream (client streaming and duplex calls).</summary>
    public bool IsStream => ItemType is not null;

    /// <summary>True when a caller may leave the argument out: the parameter has a default.</summary>
    public bool IsOptional { get; }

    /// <summary>The value of a left-out argument; null when <see cref="IsOptional"/> is false.</summary>
    public object? DefaultValue { get; }

    /// <summary>True when null is a valid argument: a Nullable&lt;T&gt;, or a reference type the contract annotates with <c>?</c>.</summary>
    public bool AllowsNull { get; }

    /// <summary>
    /// Every parameter of <paramref name="method"/> but the cancellation token, in declaration order, the
    /// request stream in its place. Reflects each call; <see cref="RpcMethod"/> holds the result for a contract method.
    /// </summary>
    public static IReadOnlyList<RpcParameter> Of(MethodInfo method)
    {
        // NullabilityInfoContext is not thread-safe: one for each method read.
        var nullability = new NullabilityInfoContext();
        return method.GetParameters()
            .Where(p => p.ParameterType != typeof(CancellationToken))
            .Select(p => new RpcParameter(p, nullability))
            .ToArray();
    }
}
