using RpcLab.Transports.Rpyc.Wire;
using RpcLab.Wire.Capture;

namespace RpcLab.Wire.Decoders;

/// <summary>
/// RPyC: rpyc's frames (4-byte length, compressed flag, payload, <c>\n</c>), the payload inflated when zlib, and the
/// message read with the RPyC transport's own code (<c>RpycFraming.Inflate</c>, <c>RpycMessage.Decode</c>, brine): its
/// layout (5.x brine 3-tuple or 6.x type byte), type, seq, the request's handler and its boxed arguments, the reply's
/// boxed value, the exception's class. The answer is the reply whose seq is that of the client's first CALL or
/// CALLATTR (the GETROOT and GETATTR before it are round trips of their own). Stateless between calls.
/// </summary>
public sealed class RpycDecoder : IWireDecoder
{
    // The wire view shows a capture, it does not guard a server: any frame that fits in memory is inflated.
    private const int MaxInflated = 256 * 1024 * 1024;

    // The arguments each handler takes (rpyc/core/protocol.py), to name the items of a request's boxed tuple.
    private static readonly Dictionary<int, string[]> Parameters = new()
    {
        [RpycConsts.HandleGetAttr] = ["obj", "name"],
        [RpycConsts.HandleCall] = ["obj", "args", "kwargs"],
        [RpycConsts.HandleCallAttr] = ["obj", "name", "args", "kwargs"],
        [RpycConsts.HandleDel] = ["obj", "count"],
        [RpycConsts.HandleInspect] = ["id_pack"],
    };

    public string Layers => "TCP, rpyc frames (length, compressed flag, zlib, \\n), brine messages (type, seq, payload), boxed values";

    public (IReadOnlyList<WireMessage> Messages, WireFacts Facts) Decode(DirectionStream clientToServer, DirectionStream serverToClient)
    {
        var types = new SortedSet<string>(StringComparer.Ordinal);
        var client = new WireReader(clientToServer);
        var server = new WireReader(serverToClient);
        long? callSeq = null;
        var names = new List<string>();
        while (client.Remaining > 0 && Frame(client, types, answerSeq: null) is { } request)
        {
            if (request.Type == RpycConsts.MsgRequest && request.Handler is RpycConsts.HandleGetAttr or RpycConsts.HandleCallAttr && request.Name is { } name && callSeq is null)
            {
                names.Add($"{RpycConsts.HandlerName(request.Handler.Value)} \"{name}\"");
            }

            if (request.Type == RpycConsts.MsgRequest && request.Handler is RpycConsts.HandleCall or RpycConsts.HandleCallAttr)
            {
                callSeq ??= request.Seq;
            }
        }

        string? status = null;
        while (server.Remaining > 0 && Frame(server, types, callSeq) is { } reply)
        {
            if (reply.Seq == callSeq && reply.Type is RpycConsts.MsgReply or RpycConsts.MsgException)
            {
                status ??= reply.Type == RpycConsts.MsgReply
                    ? $"a REPLY message (type 2) to the call's seq {reply.Seq}"
                    : $"an EXCEPTION message (type 3) to the call's seq {reply.Seq}: {reply.Name}";
            }
        }

        var carrier = names.Count == 0 ? null : $"attribute names as brine str in requests: {string.Join(", ", names)}{(names[^1].StartsWith("CALLATTR", StringComparison.Ordinal) ? "" : ", then CALL")}";
        var facts = new WireFacts(carrier, status, $"brine: {string.Join(", ", types)} (str and bytes distinct; no list or dict: those go as references)");
        return ([.. client.Messages, .. server.Messages], facts);
    }

    /// <summary>One frame as a message; null (the rest taken as undecoded) when the bytes are not a whole rpyc frame.</summary>
    private static Decoded? Frame(WireReader reader, ISet<string> types, long? answerSeq)
    {
        if (reader.Remaining < RpycFraming.HeaderSize)
        {
            reader.TakeRest("a frame header cut short (the capture ended)");
            return null;
        }

        var length = reader.PeekUInt32BigEndian();
        var flag = reader.PeekByte(4);
        if (flag > 1 || (long)reader.Remaining < RpycFraming.HeaderSize + (long)length + 1 || reader.PeekByte(RpycFraming.HeaderSize + (int)length) != (byte)'\n')
        {
            reader.TakeRest(flag > 1 ? $"not an rpyc frame: the compressed flag is {flag}, not 0 or 1" : "not a whole rpyc frame (cut short by the capture's end, or not rpyc: no \\n after the length)");
            return null;
        }

        var sent = reader.Peek(RpycFraming.HeaderSize + (int)length)[RpycFraming.HeaderSize..].ToArray();
        reader.Begin();
        reader.Take(4, "rpyc frame length", $"{length}: the payload's length as sent, big-endian (the flag and the closing \\n not counted)");
        reader.Take(1, "rpyc compressed flag", flag == 1 ? "1: the payload is zlib (rpyc compresses payloads over 3,000 bytes)" : "0: not compressed");
        var notes = new List<string>();
        Decoded? decoded = null;
        try
        {
            var payload = flag == 1 ? RpycFraming.Inflate(sent, MaxInflated) : sent;
            if (flag == 1)
            {
                notes.Add($"zlib: {sent.Length} bytes inflate to {payload.Length}");
            }

            ProtocolVersion? version = null;
            var message = RpycMessage.Decode(payload, ref version);
            notes.Add(version == ProtocolVersion.V5 ? "rpyc 5.x layout: the brine tuple (msg_type, seq, payload)" : "rpyc 6.x layout: a message-type byte, then the brine tuple (seq, payload)");
            decoded = Describe(message, notes, types);
        }
        catch (Exception e) when (e is FrameException or BrineException)
        {
            notes.Add($"not an rpyc message: {e.Message}");
        }

        reader.Take((int)length, flag == 1 ? "rpyc message (zlib, brine)" : "rpyc message (brine)", notes);
        reader.Take(1, "rpyc frame end", "\\n: rpyc ends every frame with one, so line-buffered layers flush");
        reader.End(decoded?.Title ?? "rpyc frame (undecoded payload)", decoded is not null && decoded.Seq == answerSeq && decoded.Type != RpycConsts.MsgRequest);
        return decoded ?? new Decoded(0, -1, null, null, "");
    }

    private static Decoded Describe(RpycMessage message, List<string> notes, ISet<string> types)
    {
        switch (message.Type)
        {
            case RpycConsts.MsgRequest when message.Payload is object?[] { Length: 2 } request && request[0] is long handler:
                var handlerName = RpycConsts.HandlerName((int)handler);
                notes.Add($"REQUEST (type 1), seq {message.Seq}, handler {handler} {handlerName}");
                var args = Unboxed(request[1]);
                if (args is not null && Parameters.TryGetValue((int)handler, out var parameters) && parameters.Length == args.Length)
                {
                    notes.Add("arguments, boxed (label, value):");
                    for (var i = 0; i < args.Length; i++)
                    {
                        BrineNotes.Boxed(args[i], $"{parameters[i]} = ", 1, notes, types);
                    }
                }
                else
                {
                    notes.Add("arguments:");
                    BrineNotes.Boxed(request[1], "", 1, notes, types);
                }

                var name = handler is RpycConsts.HandleGetAttr or RpycConsts.HandleCallAttr && args is { Length: >= 2 } && args[1] is object?[] { Length: 2 } v && v[1] is string s ? s : null;
                return new Decoded(message.Type, message.Seq, (int)handler, name, $"rpyc REQUEST seq {message.Seq} {handlerName}{(name is null ? "" : $" \"{name}\"")}");
            case RpycConsts.MsgReply:
                notes.Add($"REPLY (type 2) to seq {message.Seq}, the value boxed (label, value):");
                BrineNotes.Boxed(message.Payload, "", 1, notes, types);
                return new Decoded(message.Type, message.Seq, null, null, $"rpyc REPLY seq {message.Seq}");
            case RpycConsts.MsgException:
                var exception = message.Payload is long stop && stop == RpycConsts.ExcStopIteration
                    ? "StopIteration"
                    : message.Payload is object?[] { Length: >= 2 } e && e[0] is object?[] { Length: 2 } type && type[0] is string module && type[1] is string cls ? $"{module}.{cls}" : "an exception";
                notes.Add($"EXCEPTION (type 3) to seq {message.Seq}: {exception}, as vinegar dumps it ((module, class), args, attributes, traceback):");
                BrineNotes.Value(message.Payload, "", 1, notes, types);
                return new Decoded(message.Type, message.Seq, null, exception, $"rpyc EXCEPTION seq {message.Seq} {exception}");
            default:
                notes.Add($"message type {message.Type}, seq {message.Seq}, a payload that is not (handler, args):");
                BrineNotes.Value(message.Payload, "", 1, notes, types);
                return new Decoded(message.Type, message.Seq, null, null, $"rpyc message type {message.Type} seq {message.Seq}");
        }
    }

    // The items of a boxed tuple, or of a tuple boxed as one VALUE (rpyc boxes a tuple of plain values as VALUE).
    private static object?[]? Unboxed(object? boxed) => boxed is object?[] { Length: 2 } box && box[0] is long label && box[1] is object?[] items
        ? label switch
        {
            RpycConsts.LabelTuple => items,
            RpycConsts.LabelValue => [.. items.Select(item => (object?)new object?[] { (long)RpycConsts.LabelValue, item })],
            _ => null,
        }
        : null;

    /// <param name="Type">The message type, or 0 when the payload could not be read.</param>
    /// <param name="Seq">Its seq, -1 when unread.</param>
    /// <param name="Handler">A request's handler.</param>
    /// <param name="Name">The attribute a GETATTR or CALLATTR names; an exception's class.</param>
    /// <param name="Title">The message's title line.</param>
    private sealed record Decoded(int Type, long Seq, int? Handler, string? Name, string Title);
}
