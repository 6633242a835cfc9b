using MessagePack;
using RpcLab.Transports.Buffers;

namespace RpcLab.Transports.ZeroRpc.Wire;

/// <summary>
/// Writes events, <c>[{message_id, v: 3, response_to?}, name, args]</c>, with MessagePack-CSharp's writer:
/// names and header keys as str, ids as the raw encoding they were read or made in (bin), typed values
/// through <see cref="WireSerializer"/>. Stateless and thread-safe.
/// </summary>
internal static class EventWriter
{
    public delegate void ArgsWriter<in TState>(ref MessagePackWriter writer, TState state);

    /// <summary>The payload of one event; <paramref name="writeArgs"/> writes its args (exactly one msgpack value).</summary>
    public static byte[] Write<TState>(byte[] messageId, byte[]? responseTo, string name, TState state, ArgsWriter<TState> writeArgs, bool requestStream = false)
    {
        // Pooled: a large event (a million-int argument) would otherwise allocate its buffer several times over as
        // it doubles its way up, before the copy NetMQ's frame needs.
        using var buffer = new PooledBufferWriter(128);
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(3);
        writer.WriteMapHeader(2 + (responseTo is null ? 0 : 1) + (requestStream ? 1 : 0));
        writer.Write(EventNames.MessageIdKey);
        writer.WriteRaw(messageId);
        writer.Write(EventNames.VersionKey);
        writer.Write(EventNames.Version);
        if (responseTo is not null)
        {
            writer.Write(EventNames.ResponseToKey);
            writer.WriteRaw(responseTo);
        }

        if (requestStream)
        {
            writer.Write(EventNames.RequestStreamKey);
            writer.Write(true);
        }

        writer.Write(name);
        writeArgs(ref writer, state);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A request: the method's name and its positional arguments, each written as its parameter type.</summary>
    public static byte[] Request(byte[] messageId, string method, IReadOnlyList<Type> types, object?[] args, bool requestStream) =>
        Write(messageId, null, method, (types, args), static (ref MessagePackWriter w, (IReadOnlyList<Type> Types, object?[] Args) s) =>
        {
            w.WriteArrayHeader(s.Args.Length);
            for (var i = 0; i < s.Args.Length; i++)
            {
                WireSerializer.Write(ref w, s.Types[i], s.Args[i]);
            }
        }, requestStream);

    /// <summary><c>OK [result]</c>.</summary>
    public static byte[] Ok(byte[] messageId, byte[] responseTo, Type? type, object? result) =>
        Write(messageId, responseTo, EventNames.Ok, (type, result), static (ref MessagePackWriter w, (Type? Type, object? Value) s) =>
        {
            w.WriteArrayHeader(1);
            WireSerializer.Write(ref w, s.Type, s.Value);
        });

    /// <summary><c>STREAM item</c>, the item bare (not wrapped in an array), as the reference sends it; also a request stream's item.</summary>
    public static byte[] StreamItem(byte[] messageId, byte[] responseTo, Type type, object? item) =>
        Write(messageId, responseTo, EventNames.Stream, (type, item), static (ref MessagePackWriter w, (Type Type, object? Value) s) => WireSerializer.Write(ref w, s.Type, s.Value));

    /// <summary><c>STREAM_DONE nil</c>.</summary>
    public static byte[] StreamDone(byte[] messageId, byte[] responseTo) =>
        Write(messageId, responseTo, EventNames.StreamDone, 0, static (ref MessagePackWriter w, int _) => w.WriteNil());

    /// <summary><c>ERR [name, message, traceback]</c>; the traceback is "name: message" (no server stack is disclosed).</summary>
    public static byte[] Error(byte[] messageId, byte[] responseTo, string name, string message) =>
        Write(messageId, responseTo, EventNames.Error, (name, message), static (ref MessagePackWriter w, (string Name, string Message) s) =>
        {
            w.WriteArrayHeader(3);
            w.Write(s.Name);
            w.Write(s.Message);
            w.Write($"{s.Name}: {s.Message}");
        });

    /// <summary><c>_zpc_hb [0]</c> (0 for compatibility with protocol v2, as the reference sends it).</summary>
    public static byte[] Heartbeat(byte[] messageId, byte[] responseTo) => SmallInteger(messageId, responseTo, EventNames.Heartbeat, 0);

    /// <summary><c>_zpc_more [n]</c>.</summary>
    public static byte[] More(byte[] messageId, byte[] responseTo, int slots) => SmallInteger(messageId, responseTo, EventNames.More, slots);

    /// <summary><c>_zpc_cancel [reason]</c> (RpcLab's extension).</summary>
    public static byte[] Cancel(byte[] messageId, byte[] responseTo, string reason) =>
        Write(messageId, responseTo, EventNames.Cancel, reason, static (ref MessagePackWriter w, string s) =>
        {
            w.WriteArrayHeader(1);
            w.Write(s);
        });

    private static byte[] SmallInteger(byte[] messageId, byte[] responseTo, string name, int value) =>
        Write(messageId, responseTo, name, value, static (ref MessagePackWriter w, int v) =>
        {
            w.WriteArrayHeader(1);
            w.Write(v);
        });
}
