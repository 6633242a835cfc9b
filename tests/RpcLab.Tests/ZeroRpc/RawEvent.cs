namespace RpcLab.Tests.ZeroRpc;

/// <summary>An event as a test reads it, decoded generically (MessagePack's dynamic objects), independent of the transport's reader.</summary>
public sealed record RawEvent(IReadOnlyDictionary<object, object?> Header, string Name, object? Args, byte[] Payload)
{
    public byte[] MessageId => (byte[])Header["message_id"]!;

    public byte[]? ResponseTo => Header.TryGetValue("response_to", out var r) ? (byte[]?)r : null;

    public object?[] ArgsArray => (object?[])Args!;
}
