using MessagePack;

namespace RpcLab.Transports.ZeroRpc.Wire;

/// <summary>
/// Reads the envelope of an event, <c>[header, name, args]</c>, with MessagePack-CSharp's reader: the
/// header's known keys, the name, and the args left raw. Never trusts a length it has not checked against
/// the bytes actually there (the reader's own guard), skips unknown header values without recursion, and
/// refuses trailing bytes. Stateless and thread-safe.
/// </summary>
internal static class EventReader
{
    // A header is a small map; a peer sending thousands of keys is not a zerorpc peer.
    private const int MaxHeaderEntries = 64;

    /// <summary>The event in <paramref name="payload"/>; throws <see cref="MalformedEventException"/> when it is none.</summary>
    public static ZeroRpcEvent Read(ReadOnlyMemory<byte> payload)
    {
        byte[]? messageId = null;
        byte[]? responseTo = null;
        try
        {
            var reader = new MessagePackReader(payload);
            if (payload.IsEmpty)
            {
                throw new MalformedEventException("the payload is empty", null, null);
            }

            if (reader.NextMessagePackType != MessagePackType.Array)
            {
                throw new MalformedEventException($"an event is an array [header, name, args], not a {reader.NextMessagePackType}", null, null);
            }

            var parts = reader.ReadArrayHeader();
            if (parts != 3)
            {
                throw new MalformedEventException($"an event is an array of 3 ([header, name, args]), not of {parts}", null, null);
            }

            if (reader.NextMessagePackType != MessagePackType.Map)
            {
                throw new MalformedEventException($"the header must be a map, not a {reader.NextMessagePackType}", null, null);
            }

            var version = 0;
            var requestStream = false;
            var entries = reader.ReadMapHeader();
            if (entries > MaxHeaderEntries)
            {
                throw new MalformedEventException($"the header has {entries} entries, over {MaxHeaderEntries}", null, null);
            }

            for (var i = 0; i < entries; i++)
            {
                var key = reader.NextMessagePackType == MessagePackType.String ? reader.ReadString() : null;
                if (key is null)
                {
                    reader.Skip();
                    reader.Skip();
                    continue;
                }

                switch (key)
                {
                    case EventNames.MessageIdKey:
                        messageId = RawId(ref reader, key);
                        break;
                    case EventNames.ResponseToKey:
                        responseTo = RawId(ref reader, key);
                        break;
                    case EventNames.VersionKey when reader.NextMessagePackType == MessagePackType.Integer:
                        version = reader.ReadInt32();
                        break;
                    case EventNames.RequestStreamKey when reader.NextMessagePackType == MessagePackType.Boolean:
                        requestStream = reader.ReadBoolean();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (messageId is null)
            {
                throw new MalformedEventException("the header has no message_id", null, responseTo);
            }

            if (reader.NextMessagePackType != MessagePackType.String)
            {
                throw new MalformedEventException($"the event name must be a str, not a {reader.NextMessagePackType}", messageId, responseTo);
            }

            var name = reader.ReadString()!;
            var argsStart = (int)reader.Consumed;
            reader.Skip();
            var args = payload[argsStart..(int)reader.Consumed];
            if (!reader.End)
            {
                throw new MalformedEventException($"{payload.Length - reader.Consumed} bytes follow the event", messageId, responseTo);
            }

            return new ZeroRpcEvent(messageId, responseTo, version, requestStream, name, args);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            throw new MalformedEventException($"malformed msgpack: {e.Message}", messageId, responseTo, e);
        }
    }

    // An id is an opaque scalar (bin from zerorpc-python; a str from older peers): kept as its raw encoding.
    private static byte[] RawId(ref MessagePackReader reader, string key)
    {
        var type = reader.NextMessagePackType;
        if (type is not (MessagePackType.Binary or MessagePackType.String or MessagePackType.Integer))
        {
            throw new MalformedEventException($"{key} must be bin or str, not {type}", null, null);
        }

        return System.Buffers.BuffersExtensions.ToArray(reader.ReadRaw());
    }
}
