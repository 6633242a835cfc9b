using MessagePack;

namespace RpcLab.Transports.ZeroRpc.Wire;

/// <summary>The small args of channel events read leniently: <c>[n]</c> of <c>_zpc_more</c>, <c>[text]</c> of <c>_zpc_cancel</c> and introspection. Stateless.</summary>
internal static class EventArgsReader
{
    /// <summary>n of <c>[n, ...]</c> (clamped to 0..int.MaxValue), or null when the args are not that.</summary>
    public static int? FirstInteger(ReadOnlyMemory<byte> args)
    {
        try
        {
            var reader = new MessagePackReader(args);
            return reader.NextMessagePackType == MessagePackType.Array && reader.ReadArrayHeader() >= 1 && reader.NextMessagePackType == MessagePackType.Integer
                ? (int)Math.Clamp(reader.ReadInt64(), 0, int.MaxValue)
                : null;
        }
        catch (Exception e) when (e is MessagePackSerializationException or OverflowException or EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>text of <c>[text]</c> (exactly one str), or null when the args are not that.</summary>
    public static string? SingleString(ReadOnlyMemory<byte> args)
    {
        try
        {
            var reader = new MessagePackReader(args);
            return reader.NextMessagePackType == MessagePackType.Array && reader.ReadArrayHeader() == 1 && reader.NextMessagePackType == MessagePackType.String
                ? reader.ReadString()
                : null;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException)
        {
            return null;
        }
    }
}
