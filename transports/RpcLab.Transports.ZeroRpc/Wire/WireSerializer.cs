using MessagePack;
using MessagePack.Resolvers;
using RpcLab.Services.Errors;

namespace RpcLab.Transports.ZeroRpc.Wire;

/// <summary>
/// How contract values look in msgpack, entirely MessagePack-CSharp's resolvers: records as maps keyed by
/// their property names (<c>{"Id": "1", "Name": ..}</c>, what a Python peer indexes), enums by name,
/// <c>byte[]</c> as bin, strings as str, <c>DateTimeOffset</c> as MessagePack-CSharp writes it
/// (<c>[timestamp, offset minutes]</c>). Reading is hardened for untrusted peers
/// (<see cref="MessagePackSecurity.UntrustedData"/>, nesting bounded) and converts integers, which arrive
/// in their smallest encoding, to the declared type. Thread-safe.
/// </summary>
internal static class WireSerializer
{
    /// <summary>Deeper than any contract type needs, shallow enough that hostile nesting fails fast.</summary>
    public const int MaxDepth = 32;

    public static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(DynamicEnumAsStringResolver.Instance, ContractlessStandardResolver.Instance))
        .WithSecurity(MessagePackSecurity.UntrustedData.WithMaximumObjectGraphDepth(MaxDepth));

    /// <summary>Writes <paramref name="value"/> as <paramref name="type"/> (nil when the type is null: a method returning Task).</summary>
    public static void Write(ref MessagePackWriter writer, Type? type, object? value)
    {
        if (type is null)
        {
            writer.WriteNil();
            return;
        }

        MessagePackSerializer.Serialize(type, ref writer, value, Options);
    }

    /// <summary>
    /// Reads one value of <paramref name="type"/> from its raw msgpack; throws <see cref="MessagePackSerializationException"/>
    /// (or <see cref="OverflowException"/>) when it is of another type or out of range.
    /// </summary>
    public static object? Read(Type type, ReadOnlyMemory<byte> raw) => MessagePackSerializer.Deserialize(type, raw, Options);

    /// <summary>Like <see cref="Read"/>, but a value that does not fit is an <see cref="RpcException"/> with <paramref name="status"/>.</summary>
    public static object? ReadOrThrow(Type type, ReadOnlyMemory<byte> raw, RpcStatusCode status, string what)
    {
        try
        {
            return Read(type, raw);
        }
        catch (Exception e) when (e is MessagePackSerializationException or OverflowException or EndOfStreamException)
        {
            throw new RpcException(status, $"{what} must be {WireTypes.Describe(type)}, got {WireTypes.DescribeValue(raw)}", e);
        }
    }
}
